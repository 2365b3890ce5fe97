import type { SlaPolicy } from '@pivotal-pm/sdk';
import { ApiError } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentPipeline } from '#domains/pipelines/presenters';
import { assertClient, assertProjectsOfClient, assertUser } from '#domains/pipelines/references';
import type { PipelineRow } from '#domains/pipelines/rows';
import { assertPolicyStages, slaPolicyOf } from '#domains/pipelines/stages';
import { changedFields } from '#domains/pipelines/values';

const FIELDS = [
  'name',
  'ownerId',
  'defaultCurrency',
  'stageOrder',
  'slaPolicy',
  'clientId',
  'projectIds',
  'active',
] as const;

/** Changes a pipeline; refuses to drop a stage that still holds open opportunities or to re-scope a used pipeline. */
export const pipelineUpdate: Handler<'pipeline.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<PipelineRow>(
    ctx.trx,
    'pipelines',
    tenantId,
    input.id,
    'Pipeline',
    input.expectedVersion,
  );
  if (!row.active && input.active !== true) {
    throw new ApiError('pipeline_archived', 'The pipeline is archived: reactivate it with active: true first');
  }
  const stageOrder = input.stageOrder ?? row.stageOrder;
  const next: Partial<PipelineRow> = {
    name: input.name,
    ownerId: input.ownerId,
    defaultCurrency: input.defaultCurrency,
    stageOrder: input.stageOrder,
    slaPolicy: input.slaPolicy ?? (input.stageOrder ? prunePolicy(row, stageOrder) : undefined),
    clientId: input.clientId,
    projectIds: input.projectIds ? [...new Set(input.projectIds)] : undefined,
    active: input.active,
  };
  const changed = changedFields(row, next, FIELDS);
  if (changed.length === 0) return presentPipeline(row);
  const after = { ...row, ...Object.fromEntries(changed.map((f) => [f, next[f]])) } as PipelineRow;

  if (input.slaPolicy) assertPolicyStages(input.slaPolicy, stageOrder);
  if (changed.includes('ownerId')) await assertUser(ctx, after.ownerId, 'ownerId');
  if (changed.includes('clientId')) await assertClientChange(ctx, row, after.clientId);
  if (changed.includes('clientId') || changed.includes('projectIds')) {
    await assertProjectsOfClient(ctx, after.clientId, after.projectIds, 'projectIds');
  }
  if (changed.includes('stageOrder')) await assertNoOpenInRemoved(ctx, row, stageOrder);

  const patch: Record<string, unknown> = Object.fromEntries(
    changed.map((f) => [f, f === 'slaPolicy' ? JSON.stringify(after.slaPolicy) : after[f]]),
  );
  if (changed.includes('active')) patch.archivedAt = after.active ? null : ctx.now;
  const [saved] = (await ctx
    .trx('pipelines')
    .where({ tenantId, id: row.id })
    .update({ ...patch, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as PipelineRow[];
  const pipeline = presentPipeline(saved!);
  await ctx.audit({ targetType: 'pipeline', targetId: pipeline.id, before: presentPipeline(row), after: pipeline });
  await ctx.emit(
    'pipeline.updated',
    {
      pipelineId: pipeline.id,
      clientId: pipeline.clientId,
      version: pipeline.version,
      changed,
      active: pipeline.active,
    },
    { clientId: pipeline.clientId },
  );
  return pipeline;
};

/** The stored policy without entries for stages the new order drops. */
function prunePolicy(row: PipelineRow, stageOrder: readonly string[]): SlaPolicy {
  const policy: SlaPolicy = { ...slaPolicyOf(row) };
  for (const map of ['stageMaxIdleHours', 'stageMaxStageHours', 'stageProbability'] as const) {
    const entries = policy[map];
    if (entries)
      policy[map] = Object.fromEntries(Object.entries(entries).filter(([stage]) => stageOrder.includes(stage)));
  }
  return policy;
}

/** A pipeline's client can change only while it has no opportunities (they carry the client too). */
async function assertClientChange(ctx: OpContext, row: PipelineRow, clientId: string | null): Promise<void> {
  if (clientId !== null) await assertClient(ctx, clientId, 'clientId');
  const used = await ctx.trx('opportunities').where({ tenantId: row.tenantId, pipelineId: row.id }).first('id');
  if (used)
    throw new ApiError('invalid_state', 'The pipeline has opportunities: its client cannot change', {
      field: 'clientId',
    });
}

/** 409 invalid_state when a stage the new order drops still holds open (or on-hold) opportunities. */
async function assertNoOpenInRemoved(ctx: OpContext, row: PipelineRow, stageOrder: readonly string[]): Promise<void> {
  const removed = row.stageOrder.filter((s) => !stageOrder.includes(s));
  if (removed.length === 0) return;
  const blocking = (await ctx
    .trx('opportunities')
    .where({ tenantId: row.tenantId, pipelineId: row.id })
    .whereIn('stage', removed)
    .whereIn('status', ['open', 'onHold'])
    .groupBy('stage')
    .orderBy('stage')
    .select('stage', ctx.trx.raw('count(*)::int AS count'))) as { stage: string; count: number }[];
  const first = blocking[0];
  if (first) {
    throw new ApiError(
      'invalid_state',
      `Stage ${first.stage} still has ${first.count} open opportunities: move them first`,
      {
        stage: first.stage,
        stages: blocking.map((b) => ({ stage: b.stage, openOpportunities: b.count })),
      },
    );
  }
}
