import type { GuardrailName, SendWindow } from '@pivotal-pm/sdk';
import { DateTime, type Zone } from 'luxon';
import { allowedSegments, quietSegments, type Segment } from './windows';

/** A counted limit: at most `limit` sends per UTC day or per minute under `key`. */
export type Cap = { key: string; limit: number; period: 'day' | 'minute'; guardrail: GuardrailName };

/** Everything the policy needs to place one action; `usage` answers how many sends a cap's bucket already holds. */
export type PolicyInput = {
  /** Epoch ms: the nominal time (previous action + wait). */
  earliest: number;
  /** The contact's IANA zone, else the sequence's (a name, or a luxon zone for the same IANA rules). */
  zone: string | Zone;
  window: SendWindow;
  /** Local dates (`yyyy-MM-dd`) of the tenant's holiday calendars. */
  holidays: ReadonlySet<string>;
  /** The owner's out-of-office intervals (epoch ms, `[start, end)`). */
  away: readonly { start: number; end: number }[];
  /** Cooldown floors: not before `until`. */
  floors: readonly { until: number; guardrail: GuardrailName }[];
  caps: readonly Cap[];
  usage: (key: string, bucketStart: number) => number;
  /**
   * Optional: the start of the first bucket after the full bucket `bucketStart` of `cap` that still has room (a
   * calendar of used slots answers it in one step). Omitted: the next bucket, checked again like any time.
   */
  nextRoom?: (cap: Cap, bucketStart: number) => number;
};

/** One move of the decision: `guardrail` held the action at `from` and let it go at `to` (epoch ms). */
export type PolicyMove = { guardrail: GuardrailName; from: number; to: number };

/** The next allowed time and the guardrails that moved it past the nominal time (in order of first effect). */
export type PolicyDecision = { at: number; delayedBy: GuardrailName[] };

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Safety bound: a window that opens at least once a week settles well within this many moves. */
const MAX_MOVES = 20_000;

/** The start of a cap's bucket (UTC day or minute) holding `t`. */
export function bucketOf(t: number, period: Cap['period']): number {
  const size = period === 'day' ? DAY : MINUTE;
  return Math.floor(t / size) * size;
}

/**
 * The next time at or after `earliest` when an action is allowed: after every cooldown, outside the owner's
 * out-of-office, on a non-holiday, inside business hours and outside quiet hours in the local zone (DST-correct:
 * every candidate is re-read in local time), and with room under every cap. Pure: no clock, no I/O.
 * When `trace` is given, every move (which guardrail, from when to when) is appended to it.
 */
export function nextAllowedTime(input: PolicyInput, trace?: PolicyMove[]): PolicyDecision {
  const delayedBy = new Set<GuardrailName>();
  const days = weekOf(input.window);
  let t = input.earliest;
  const move = (to: number, guardrail: GuardrailName) => {
    trace?.push({ guardrail, from: t, to });
    delayedBy.add(guardrail);
    t = to;
  };
  for (let moves = 0; moves < MAX_MOVES; moves++) {
    const floor = input.floors.find((f) => t < f.until);
    if (floor) {
      move(floor.until, floor.guardrail);
      continue;
    }
    const away = input.away.find((a) => a.start <= t && t < a.end);
    if (away) {
      move(away.end, 'out_of_office');
      continue;
    }
    const windowMove = moveIntoWindow(input, days, t);
    if (windowMove) {
      move(windowMove.to, windowMove.guardrail);
      continue;
    }
    const full = input.caps.find((c) => input.usage(c.key, bucketOf(t, c.period)) >= c.limit);
    if (full) {
      const bucket = bucketOf(t, full.period);
      move(
        input.nextRoom ? input.nextRoom(full, bucket) : bucket + (full.period === 'day' ? DAY : MINUTE),
        full.guardrail,
      );
      continue;
    }
    return { at: t, delayedBy: [...delayedBy] };
  }
  throw new Error('sequence policy: no allowed time found (the send window never opens)');
}

type Week = { open: Segment[]; quiet: Segment[] }[];
const weeks = new WeakMap<SendWindow, Week>();
/** The open and quiet segments of each weekday of a window (computed once per window object). */
function weekOf(window: SendWindow): Week {
  let week = weeks.get(window);
  if (!week)
    weeks.set(
      window,
      (week = [1, 2, 3, 4, 5, 6, 7].map((d) => ({
        open: allowedSegments(window, d),
        quiet: quietSegments(window, d),
      }))),
    );
  return week;
}

/** Where `t` must move to reach the window (null when it is inside), and which guardrail moved it. */
function moveIntoWindow(
  input: PolicyInput,
  days: { open: Segment[]; quiet: Segment[] }[],
  t: number,
): { to: number; guardrail: GuardrailName } | null {
  const local = DateTime.fromMillis(t, { zone: input.zone });
  const nextDay = () => Math.max(local.startOf('day').plus({ days: 1 }).toMillis(), t + MINUTE);
  if (input.holidays.has(local.toISODate()!)) return { to: nextDay(), guardrail: 'holiday' };
  const minute = local.hour * 60 + local.minute;
  const { open: segments, quiet: quietToday } = days[local.weekday - 1]!;
  if (segments.some(([s, e]) => s <= minute && minute < e)) return null;
  const quiet = quietToday.some(([s, e]) => s <= minute && minute < e);
  const guardrail: GuardrailName = quiet ? 'quiet_hours' : 'business_hours';
  const later = segments.find(([s]) => s > minute);
  if (!later) return { to: nextDay(), guardrail };
  const target = DateTime.fromObject(
    { year: local.year, month: local.month, day: local.day, hour: Math.floor(later[0] / 60), minute: later[0] % 60 },
    { zone: input.zone },
  ).toMillis();
  // Around a DST fall-back the wall time may map to the earlier instant: never move backwards.
  return { to: target > t ? target : t + MINUTE, guardrail };
}
