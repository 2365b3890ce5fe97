import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { presentPipeline } from '#domains/pipelines/presenters';
import { assertClient, assertProjectsOfClient, assertUser, ownerOrCaller } from '#domains/pipelines/references';
import type { PipelineRow } from '#domains/pipelines/rows';
import { assertPolicyStages } from '#domains/pipelines/stages';

/** Creates a pipeline; the owner defaults to the caller, projects must belong to the pipeline's client. */
export const pipelineCreate: Handler<'pipeline.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const ownerId = ownerOrCaller(ctx, input.ownerId);
  assertPolicyStages(input.slaPolicy, input.stageOrder);
  await assertUser(ctx, ownerId, 'ownerId');
  if (input.clientId !== null) await assertClient(ctx, input.clientId, 'clientId');
  const projectIds = [...new Set(input.projectIds)];
  await assertProjectsOfClient(ctx, input.clientId, projectIds, 'projectIds');
  const [row] = (await ctx
    .trx('pipelines')
    .insert({
      tenantId,
      id: uuidv7(),
      name: input.name,
      ownerId,
      defaultCurrency: input.defaultCurrency,
      stageOrder: input.stageOrder,
      slaPolicy: JSON.stringify(input.slaPolicy),
      active: true,
      clientId: input.clientId,
      projectIds,
      version: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as PipelineRow[];
  const pipeline = presentPipeline(row!);
  await ctx.audit({ targetType: 'pipeline', targetId: pipeline.id, after: pipeline });
  await ctx.emit(
    'pipeline.created',
    { pipelineId: pipeline.id, clientId: pipeline.clientId, name: pipeline.name, stageOrder: pipeline.stageOrder },
    { clientId: pipeline.clientId },
  );
  return pipeline;
};
