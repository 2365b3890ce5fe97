import type { Handler } from '#http/types';
import { loadCadence } from '#domains/cadences/cadence';
import { applyLeadResult, loadLead, lockOptions, scheduleOf } from '#domains/cadences/leads';
import { pushLead } from '#domains/cadences/schedule/index';

/** Pushes a lead's next action by a preset in the cadence's time zone; a locked lead needs `force`. */
export const leadPush: Handler<'lead.push'> = async (input, ctx) => {
  const row = await loadLead(ctx, input.id, input.expectedVersion);
  const cadence = await loadCadence(ctx.trx, ctx.principal.tenantId, row.pipelineId);
  const result = pushLead(
    scheduleOf(row),
    ctx.now,
    input.preset,
    cadence,
    cadence.timeZone,
    lockOptions(ctx, input.force),
  );
  return applyLeadResult(ctx, row, result, 'lead.push');
};
