import { DateTime, IANAZone } from 'luxon';

/** A calendar date with no time zone attached. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** Returns the IANA zone, throwing a RangeError when the name is unknown. */
export function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  return zone;
}

/** Parses an `HH:mm` time of day, throwing a RangeError when it is malformed. */
export function parseTimeOfDay(value: string): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!match) throw new RangeError(`expected a time of day HH:mm, got ${value}`);
  return { hour: Number(match[1]), minute: Number(match[2]) };
}

/** The calendar date an instant falls on in a time zone. */
export function localDate(at: Date, timeZone: string): CalendarDate {
  const dt = DateTime.fromMillis(at.getTime(), { zone: zoneOf(timeZone) });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** A calendar date moved by whole calendar days (pure date arithmetic, independent of any time zone). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const dt = DateTime.utc(date.year, date.month, date.day).plus({ days });
  return { year: dt.year, month: dt.month, day: dt.day };
}

/** The ISO weekday of a calendar date: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: CalendarDate): number {
  return DateTime.utc(date.year, date.month, date.day).weekday;
}

/** The wall-clock reading of an instant in a zone, as milliseconds of a naive (UTC-labelled) clock. */
function wallClockMs(zone: IANAZone, ms: number): number {
  return ms + zone.offset(ms) * MINUTE_MS;
}

/**
 * The instant at which the wall clock of `timeZone` shows `time` (`HH:mm`) on `date`.
 *
 * Daylight-saving rules:
 * - gap (the time does not exist, e.g. 02:30 on a spring-forward day in America/New_York): the result is the
 *   first valid instant after the gap, i.e. the transition itself (03:00 EDT), still on `date`;
 * - overlap (the time occurs twice, e.g. 01:30 on a fall-back day): the result is the earlier occurrence
 *   (the first time the clock shows it, at the summer-time offset).
 * Zones with more than one transition within a day of `date` are not supported.
 */
export function atLocalTime(date: CalendarDate, time: string, timeZone: string): Date {
  const zone = zoneOf(timeZone);
  const { hour, minute } = parseTimeOfDay(time);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const offsets = new Set([zone.offset(wall - DAY_MS), zone.offset(wall), zone.offset(wall + DAY_MS)]);
  const candidates = [...offsets].map((offset) => wall - offset * MINUTE_MS);
  const valid = candidates.filter((ms) => wallClockMs(zone, ms) === wall);
  if (valid.length > 0) return new Date(Math.min(...valid));
  // Gap: the wall clock jumps over `wall`; find the first instant whose wall clock reads at least `wall`.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(zone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** The local time of day (`HH:mm`) and calendar date of an instant in a zone, for tests and presenters. */
export function localParts(at: Date, timeZone: string): CalendarDate & { time: string } {
  const dt = DateTime.fromMillis(at.getTime(), { zone: zoneOf(timeZone) });
  return { year: dt.year, month: dt.month, day: dt.day, time: dt.toFormat('HH:mm') };
}
