import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { ensureCadenceRow, loadCadence } from '#domains/cadences/cadence';
import { presentCadence } from '#domains/cadences/presenters';

/** Changes a pipeline's cadence; refuses to drop a stage active leads still stand on. */
export const cadenceUpdate: Handler<'cadence.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const before = await loadCadence(ctx.trx, tenantId, input.pipelineId, true);
  if (input.expectedVersion !== undefined && before.version !== input.expectedVersion) {
    throw new ApiError('version_conflict', `Cadence is at version ${before.version}, not ${input.expectedVersion}`, {
      currentVersion: before.version,
    });
  }
  if (input.stages) {
    const keys = new Set(input.stages.map((s) => s.key));
    const removed = before.stages.map((s) => s.key).filter((k) => !keys.has(k));
    const used = removed.length
      ? ((await ctx
          .trx('leads')
          .where({ tenantId, pipelineId: input.pipelineId, state: 'open' })
          .whereIn('stageKey', removed)
          .first('stageKey')) as { stageKey: string } | undefined)
      : undefined;
    if (used)
      throw new ApiError('invalid_state', `Open leads still stand on stage ${used.stageKey}: move them first`, {
        stage: used.stageKey,
      });
  }
  await ensureCadenceRow(ctx.trx, before);
  const patch = {
    stages: input.stages ? JSON.stringify(input.stages) : undefined,
    dayStartTime: input.dayStartTime,
    timeZone: input.timeZone,
    rollover: input.rollover,
  };
  await ctx
    .trx('leadCadences')
    .where({ tenantId, pipelineId: input.pipelineId })
    .update({ ...patch, version: before.version + 1, updatedAt: ctx.now });
  const after = presentCadence(await loadCadence(ctx.trx, tenantId, input.pipelineId));
  await ctx.audit({ targetType: 'cadence', targetId: after.id, before: presentCadence(before), after });
  return after;
};
