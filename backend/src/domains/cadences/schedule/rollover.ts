import { applyUnlessLocked, isActive } from './lock';
import { dayStartAfter } from './nextAction';
import type { AppliedResult, LockedResult, LockOptions, ScheduleCadence, ScheduleLead, UnchangedResult } from './types';

/** The instant the nightly rollover moves overdue leads to: the next local day (after `now`) at `dayStartTime`. */
export function rolloverTarget(now: Date, cadence: Pick<ScheduleCadence, 'dayStartTime'>, timeZone: string): Date {
  return dayStartAfter(now, 1, cadence, timeZone);
}

/** Whether a lead is overdue at `now`: active (open, stage pending) with a `nextActionAt` at or before `now`. */
export function isOverdue(lead: Pick<ScheduleLead, 'state' | 'stageStatus' | 'nextActionAt'>, now: Date): boolean {
  return isActive(lead) && lead.nextActionAt !== null && Date.parse(lead.nextActionAt) <= now.getTime();
}

/** Outcome of rolling one lead over. */
export type RolloverResult<L extends ScheduleLead> = AppliedResult<L> | LockedResult | UnchangedResult;

/**
 * The nightly rollover for one lead at `now`: when the cadence's `rollover` is on and the lead is overdue,
 * its `nextActionAt` becomes `rolloverTarget(now)` (`lastActionAt: now`, `lastActionSource: rollover`).
 * A lead that is not overdue (or closed) is never moved, even with `force`; a lead locked by a promotion is
 * left alone unless `force` is set (then the lock is released and the release recorded).
 */
export function rolloverLead<L extends ScheduleLead>(
  lead: L,
  now: Date,
  cadence: Pick<ScheduleCadence, 'dayStartTime' | 'rollover'>,
  timeZone: string,
  options: LockOptions = {},
): RolloverResult<L> {
  if (!cadence.rollover) return { status: 'unchanged', reason: 'rollover_disabled' };
  if (!isActive(lead)) return { status: 'unchanged', reason: 'closed' };
  if (!isOverdue(lead, now)) return { status: 'unchanged', reason: 'not_overdue' };
  const target = rolloverTarget(now, cadence, timeZone).toISOString();
  return applyUnlessLocked(lead, now, options, (l) => ({
    ...l,
    nextActionAt: target,
    lastActionAt: now.toISOString(),
    lastActionSource: 'rollover' as const,
  }));
}
