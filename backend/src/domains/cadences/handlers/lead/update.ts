import type { Handler } from '#http/types';
import { assertUser } from '#domains/pipelines/references';
import { invalidField } from '#http/errors';
import { loadCadence } from '#domains/cadences/cadence';
import { applyLeadResult, loadLead, lockOptions, scheduleOf } from '#domains/cadences/leads';
import { presentLead } from '#domains/cadences/presenters';
import type { LeadRow } from '#domains/cadences/rows';
import {
  applyUnlessLocked,
  initialNextActionAt,
  stageIndex,
  type ScheduleLead,
} from '#domains/cadences/schedule/index';

/**
 * Edits a lead by hand. Name and owner change freely. A schedule change (stage, state, next action) is an `edit`:
 * a new stage without `nextActionAt` falls due per its offset from now (the audit's edit form); leaving `open`
 * closes the stage and clears the next action. A promotion's lock refuses it unless `force` (an explicit release).
 */
export const leadUpdate: Handler<'lead.update'> = async (input, ctx) => {
  const row = await loadLead(ctx, input.id, input.expectedVersion);
  const extra: Partial<LeadRow> = {};
  if (input.name !== undefined) extra.name = input.name;
  if (input.ownerId !== undefined) {
    await assertUser(ctx, input.ownerId, 'ownerId');
    extra.ownerId = input.ownerId;
  }
  const lead = scheduleOf(row);
  const stageKey = input.stageKey ?? lead.stageKey;
  const state = input.state ?? lead.state;
  const scheduleChanged =
    stageKey !== lead.stageKey ||
    state !== lead.state ||
    (input.nextActionAt !== undefined && Date.parse(input.nextActionAt) !== Date.parse(lead.nextActionAt ?? ''));
  if (!scheduleChanged) {
    if (Object.keys(extra).length === 0) return presentLead(row);
    return applyLeadResult(ctx, row, { status: 'applied', lead, releasedLock: null }, 'lead.update', extra);
  }
  const cadence = await loadCadence(ctx.trx, ctx.principal.tenantId, row.pipelineId);
  if (stageIndex(cadence, stageKey) < 0)
    throw invalidField('stageKey', `the cadence has no stage ${stageKey}`, 'invalid_stage');
  const edited = (l: ScheduleLead): ScheduleLead => {
    const open = state === 'open';
    const due =
      input.nextActionAt ??
      (stageKey !== l.stageKey || l.state !== 'open'
        ? initialNextActionAt(ctx.now, stageKey, cadence, cadence.timeZone).toISOString()
        : l.nextActionAt);
    return {
      ...l,
      stageKey,
      state,
      stageStatus: open ? 'pending' : 'completed',
      nextActionAt: open ? due : null,
      lastActionAt: ctx.now.toISOString(),
      lastActionSource: 'edit',
    };
  };
  const result = applyUnlessLocked(lead, ctx.now, lockOptions(ctx, input.force), edited);
  return applyLeadResult(ctx, row, result, 'lead.update', extra);
};
