import type { Handler } from '#http/types';
import { loadCadence } from '#domains/cadences/cadence';
import { applyLeadResult, loadLead, lockOptions, scheduleOf } from '#domains/cadences/leads';
import { completeStage } from '#domains/cadences/schedule/index';

/** Marks a lead's stage done, anchoring the next stage on the completion time; a locked lead needs `force`. */
export const leadComplete: Handler<'lead.complete'> = async (input, ctx) => {
  const row = await loadLead(ctx, input.id, input.expectedVersion);
  const cadence = await loadCadence(ctx.trx, ctx.principal.tenantId, row.pipelineId);
  const at = input.completedAt ? new Date(input.completedAt) : ctx.now;
  const result = completeStage(scheduleOf(row), at, cadence, cadence.timeZone, lockOptions(ctx, input.force));
  return applyLeadResult(ctx, row, result, 'lead.complete');
};
