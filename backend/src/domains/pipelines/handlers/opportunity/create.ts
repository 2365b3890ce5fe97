import { defaultProbability, isTerminalStage } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { eventRefs, lockPipeline, pipelineArchived, stageNotInPipeline } from '#domains/pipelines/opportunities';
import { presentOpportunity } from '#domains/pipelines/presenters';
import { assertOpportunityRefs, ownerOrCaller } from '#domains/pipelines/references';
import { ApiError, invalidReference } from '#http/errors';
import type { OpportunityRow } from '#domains/pipelines/rows';
import { stagedPipeline } from '#domains/pipelines/stages';

/** Creates an open opportunity in an active pipeline; client, stage, probability and currency come from the pipeline. */
export const opportunityCreate: Handler<'opportunity.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const pipeline = await lockPipeline(ctx, input.pipelineId);
  if (!pipeline) throw invalidReference('pipelineId', `Pipeline ${input.pipelineId} does not exist in this tenant`);
  if (!pipeline.active) throw pipelineArchived();
  const stage = input.stage ?? pipeline.stageOrder[0]!;
  if (!pipeline.stageOrder.includes(stage)) throw stageNotInPipeline(stage, pipeline);
  if (isTerminalStage(stage)) {
    throw new ApiError(
      'invalid_state',
      `Stage ${stage} closes opportunities: create it open, then use opportunity.win or opportunity.lose`,
      { stage },
    );
  }
  if (input.clientId !== undefined && input.clientId !== pipeline.clientId) {
    throw invalidReference(
      'clientId',
      "An opportunity belongs to its pipeline's client (null for an internal pipeline)",
      { expected: pipeline.clientId },
    );
  }
  const ownerId = ownerOrCaller(ctx, input.ownerId);
  await assertOpportunityRefs(ctx, {
    clientId: pipeline.clientId,
    pipelineProjectIds: pipeline.projectIds,
    accountId: input.accountId,
    primaryContactId: input.primaryContactId,
    projectId: input.projectId,
    ownerId,
  });
  const [row] = (await ctx
    .trx('opportunities')
    .insert({
      tenantId,
      id: uuidv7(),
      pipelineId: pipeline.id,
      clientId: pipeline.clientId,
      projectId: input.projectId ?? null,
      name: input.name,
      accountId: input.accountId,
      primaryContactId: input.primaryContactId ?? null,
      ownerId,
      stage,
      amount: input.amount,
      currency: input.currency ?? pipeline.defaultCurrency,
      probability: input.probability ?? defaultProbability(stagedPipeline(pipeline), stage),
      closeDate: input.closeDate ?? null,
      source: input.source ?? null,
      tags: [...new Set(input.tags)],
      customFields: JSON.stringify(input.customFields),
      status: 'open',
      stageEnteredAt: ctx.now,
      version: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as OpportunityRow[];
  const dto = presentOpportunity(row!);
  await ctx.audit({ targetType: 'opportunity', targetId: dto.id, after: dto });
  await ctx.emit(
    'opportunity.created',
    { ...eventRefs(dto), accountId: dto.accountId, stage: dto.stage, amount: dto.amount, currency: dto.currency },
    { clientId: dto.clientId },
  );
  return dto;
};
