import { DateTime } from 'luxon';

/** A report's period: inclusive calendar dates (UTC), and the instants that bound them (`end` exclusive). */
export type Period = { from: string; to: string; start: Date; end: Date; days: number };

/** The period asked, else the `defaultDays` days ending today (UTC). */
export function resolvePeriod(asked: { from: string; to: string } | undefined, now: Date, defaultDays: number): Period {
  const today = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('day');
  const from = asked ? DateTime.fromISO(asked.from, { zone: 'utc' }) : today.minus({ days: defaultDays - 1 });
  const to = asked ? DateTime.fromISO(asked.to, { zone: 'utc' }) : today;
  const end = to.plus({ days: 1 });
  return {
    from: from.toISODate()!,
    to: to.toISODate()!,
    start: from.toJSDate(),
    end: end.toJSDate(),
    days: Math.round(end.diff(from, 'days').days),
  };
}

/** The current calendar quarter (UTC) as inclusive dates. */
export function currentQuarter(now: Date): { from: string; to: string } {
  const start = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('quarter');
  return { from: start.toISODate()!, to: start.endOf('quarter').toISODate()! };
}

/** A share rounded to 4 decimals; null when nothing was there to share (0 of 0 is not 0%). */
export const share = (part: number, whole: number): number | null =>
  whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000;

/** Days rounded to one decimal; null stays null. */
export const days = (value: number | string | null): number | null =>
  value === null ? null : Math.round(Number(value) * 10) / 10;
