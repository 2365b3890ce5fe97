import type { Opportunity as OpportunityDto } from '@pivotal-pm/sdk';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { assertOwnerOrManager, loadForUpdate } from '#domains/shared/records';
import { presentOpportunity } from './presenters';
import type { OpportunityRow, PipelineRow } from './rows';

/** Loads an opportunity visible to the caller, or 404. */
export async function findOpportunity(ctx: OpContext, id: string): Promise<OpportunityRow> {
  const row = (await ctx.trx('opportunities').where({ tenantId: ctx.principal.tenantId, id }).first()) as
    OpportunityRow | undefined;
  if (!row) throw notFound('Opportunity');
  return row;
}

/**
 * Loads an opportunity to change it: row lock, 404, `expectedVersion` (409 version_conflict), ownership
 * (a rep changes only their own: 403 not_owner) and, unless `allowClosed`, 409 opportunity_closed when won or lost.
 */
export async function loadForChange(ctx: OpContext, id: string, expectedVersion?: number): Promise<OpportunityRow> {
  const row = await loadForUpdate<OpportunityRow>(
    ctx.trx,
    'opportunities',
    ctx.principal.tenantId,
    id,
    'Opportunity',
    expectedVersion,
  );
  assertOwnerOrManager(ctx, row.ownerId, 'opportunity');
  if (row.status === 'won' || row.status === 'lost') {
    throw new ApiError('opportunity_closed', `The opportunity is already ${row.status}`, { status: row.status });
  }
  return row;
}

/** The opportunity's pipeline, share-locked so it cannot be archived or re-staged under the change. */
export async function lockPipeline(ctx: OpContext, pipelineId: string): Promise<PipelineRow | undefined> {
  return (await ctx.trx('pipelines').where({ tenantId: ctx.principal.tenantId, id: pipelineId }).forShare().first()) as
    PipelineRow | undefined;
}

/** 409 stage_not_in_pipeline naming the stage and the pipeline's order. */
export function stageNotInPipeline(stage: string, pipeline: PipelineRow): ApiError {
  return new ApiError('stage_not_in_pipeline', `Stage ${stage} is not a stage of this pipeline`, {
    stage,
    stageOrder: pipeline.stageOrder,
  });
}

/** 409 pipeline_archived. */
export function pipelineArchived(): ApiError {
  return new ApiError('pipeline_archived', 'The pipeline is archived: it takes no new opportunities or stage moves');
}

/** Writes `patch` (plus version bump and updatedAt) and answers the saved row. */
export async function saveOpportunity(
  ctx: OpContext,
  row: OpportunityRow,
  patch: Record<string, unknown>,
): Promise<OpportunityRow> {
  const [saved] = (await ctx
    .trx('opportunities')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({ ...patch, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as OpportunityRow[];
  return saved!;
}

/** The references every opportunity event carries. */
export function eventRefs(o: OpportunityDto): {
  opportunityId: string;
  pipelineId: string;
  clientId: string | null;
  projectId: string | null;
  ownerId: string;
} {
  return {
    opportunityId: o.id,
    pipelineId: o.pipelineId,
    clientId: o.clientId,
    projectId: o.projectId,
    ownerId: o.ownerId,
  };
}

/** Audits the change of one opportunity (before/after DTOs) and answers the saved DTO. */
export async function auditChange(
  ctx: OpContext,
  before: OpportunityRow,
  saved: OpportunityRow,
): Promise<OpportunityDto> {
  const dto = presentOpportunity(saved);
  await ctx.audit({ targetType: 'opportunity', targetId: dto.id, before: presentOpportunity(before), after: dto });
  return dto;
}

/** Emits `opportunity.stageChanged` when the stage moved (sequences' stop rules react to it: `domains/reactions.ts`). */
export async function emitStageChanged(ctx: OpContext, fromStage: string, dto: OpportunityDto): Promise<void> {
  if (fromStage === dto.stage) return;
  await ctx.emit(
    'opportunity.stageChanged',
    {
      ...eventRefs(dto),
      fromStage,
      toStage: dto.stage,
      amount: dto.amount,
      currency: dto.currency,
      version: dto.version,
    },
    { clientId: dto.clientId },
  );
}
