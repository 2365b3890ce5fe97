import type { Handler } from '#http/types';
import { applyLeadResult, loadLead, lockOptions, scheduleOf } from '#domains/cadences/leads';
import { rescheduleLead } from '#domains/cadences/schedule/index';

/** Sets a lead's next action to an explicit time; a locked lead needs `force`. */
export const leadReschedule: Handler<'lead.reschedule'> = async (input, ctx) => {
  const row = await loadLead(ctx, input.id, input.expectedVersion);
  const result = rescheduleLead(scheduleOf(row), ctx.now, new Date(input.nextActionAt), lockOptions(ctx, input.force));
  return applyLeadResult(ctx, row, result, 'lead.reschedule');
};
