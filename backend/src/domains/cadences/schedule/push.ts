import { applyUnlessLocked, isActive } from './lock';
import { atLocalTime, isoWeekday, localDate } from './localTime';
import { dayStartAfter } from './nextAction';
import type {
  AppliedResult,
  InvalidResult,
  LockedResult,
  LockOptions,
  ScheduleCadence,
  ScheduleLead,
  SchedulePushPreset,
} from './types';

/** How far `laterToday` pushes a lead. */
export const LATER_TODAY_HOURS = 3;
/** The local time `laterToday` must not pass; past it, `laterToday` means tomorrow morning. */
export const LATER_TODAY_CUTOFF = '18:00';

const HOUR_MS = 3_600_000;

/**
 * The instant a push preset moves a lead's next action to, from `now`, in the tenant's `timeZone`:
 * - `laterToday`: `now + 3 h`, unless that passes 18:00 local on now's local date (or crosses midnight),
 *   in which case it is `tomorrowMorning`;
 * - `tomorrowMorning`: the next local calendar day at the cadence's `dayStartTime`;
 * - `nextWeek`: the next Monday strictly after today's local date (a Monday pushes 7 days) at `dayStartTime`.
 * DST gaps and overlaps at `dayStartTime` follow `atLocalTime`.
 */
export function pushPreset(
  now: Date,
  preset: SchedulePushPreset,
  cadence: Pick<ScheduleCadence, 'dayStartTime'>,
  timeZone: string,
): Date {
  if (preset === 'laterToday') {
    const later = new Date(now.getTime() + LATER_TODAY_HOURS * HOUR_MS);
    const cutoff = atLocalTime(localDate(now, timeZone), LATER_TODAY_CUTOFF, timeZone);
    if (later.getTime() <= cutoff.getTime()) return later;
    return dayStartAfter(now, 1, cadence, timeZone);
  }
  if (preset === 'tomorrowMorning') return dayStartAfter(now, 1, cadence, timeZone);
  return dayStartAfter(now, 8 - isoWeekday(localDate(now, timeZone)), cadence, timeZone);
}

/** Outcome of a push or a reschedule. */
export type MoveResult<L extends ScheduleLead> = AppliedResult<L> | LockedResult | InvalidResult;

/**
 * Sets an active lead's `nextActionAt` to `to` at `now` (`lastActionAt: now`, `lastActionSource: source`);
 * a closed lead is `invalid`, a locked one is left alone unless `force` (which releases and records the lock).
 */
export function moveLead<L extends ScheduleLead>(
  lead: L,
  now: Date,
  to: Date,
  source: 'push' | 'reschedule',
  options: LockOptions = {},
): MoveResult<L> {
  if (!isActive(lead)) return { status: 'invalid', reason: 'closed' };
  return applyUnlessLocked(lead, now, options, (l) => ({
    ...l,
    nextActionAt: to.toISOString(),
    lastActionAt: now.toISOString(),
    lastActionSource: source,
  }));
}

/** Pushes a lead by a preset (see `pushPreset`), honouring the promotion lock (see `moveLead`). */
export function pushLead<L extends ScheduleLead>(
  lead: L,
  now: Date,
  preset: SchedulePushPreset,
  cadence: Pick<ScheduleCadence, 'dayStartTime'>,
  timeZone: string,
  options: LockOptions = {},
): MoveResult<L> {
  return moveLead(lead, now, pushPreset(now, preset, cadence, timeZone), 'push', options);
}

/** Reschedules a lead to an explicit instant, honouring the promotion lock (see `moveLead`). */
export function rescheduleLead<L extends ScheduleLead>(
  lead: L,
  now: Date,
  to: Date,
  options: LockOptions = {},
): MoveResult<L> {
  return moveLead(lead, now, to, 'reschedule', options);
}
