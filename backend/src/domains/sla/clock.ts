import type { SlaClock } from '@pivotal-pm/sdk';
import { IANAZone } from 'luxon';

/** What an SLA clock counts on: the tenant's zone, the pipeline's clock and the pauses (holidays, the owner away). */
export type SlaCalendar = {
  zone: string;
  clock: SlaClock;
  /** The tenant's holidays as local dates (`YYYY-MM-DD`), every calendar of the tenant. */
  holidays: ReadonlySet<string>;
  /** The owner's out-of-office periods (real time). */
  away: readonly { startsAt: Date; endsAt: Date }[];
};

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** How far a deadline may be searched for (a year's limit plus long pauses). */
const MAX_DAYS = 3 * 366;

const zones = new Map<string, { zone: IANAZone; offsets: Map<number, number> }>();

/**
 * The zone's UTC offset (minutes) at an instant, memoized per hour: offsets change at most at whole quarter hours
 * and a few times a year, and Intl-backed lookups cost microseconds each (a full sweep asks for hundreds of thousands).
 */
function offsetAt(name: string, ms: number): number {
  let entry = zones.get(name);
  if (!entry) zones.set(name, (entry = { zone: IANAZone.create(name), offsets: new Map() }));
  if (!entry.zone.isValid) return 0;
  const hour = Math.floor(ms / HOUR);
  const cached = entry.offsets.get(hour);
  if (cached !== undefined) return cached;
  const start = entry.zone.offset(hour * HOUR);
  // An offset that changes inside the hour (at :15, :30 or :45 in a few zones) is read for the instant itself.
  if (start !== entry.zone.offset(hour * HOUR + HOUR - 1)) return entry.zone.offset(ms);
  entry.offsets.set(hour, start);
  return start;
}

/**
 * Wall time: an instant's local date and time in the zone, as if it were UTC milliseconds. SLA time is counted in
 * wall time so that "3 days" is the same local time three days later across a DST change (71 or 73 real hours).
 */
function toWall(zone: string, ms: number): number {
  return ms + offsetAt(zone, ms) * 60_000;
}

/** The instant of a wall time (the later reading when a DST change makes it ambiguous or skips it). */
function fromWall(zone: string, wall: number): number {
  const guess = wall - offsetAt(zone, wall) * 60_000;
  return wall - offsetAt(zone, guess) * 60_000;
}

/** A `YYYY-MM-DD` date as a day number (days since 1970-01-01), how the loop below names days. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY);
}

type Holidays = { set: Set<number>; sorted: number[] };
const holidayDays = new WeakMap<ReadonlySet<string>, Holidays>();
/** The calendar's holidays as day numbers (converted once per set), also sorted for range checks. */
function holidaysOf(calendar: SlaCalendar): Holidays {
  let days = holidayDays.get(calendar.holidays);
  if (!days) {
    const sorted = [...calendar.holidays].map(dayNumber).sort((a, b) => a - b);
    holidayDays.set(calendar.holidays, (days = { set: new Set(sorted), sorted }));
  }
  return days;
}

/** True when a holiday falls on a day in [first, last]. */
function holidayWithin(holidays: Holidays, first: number, last: number): boolean {
  let lo = 0;
  let hi = holidays.sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holidays.sorted[mid]! < first) lo = mid + 1;
    else hi = mid;
  }
  return lo < holidays.sorted.length && holidays.sorted[lo]! <= last;
}

/** True when a local day counts on the clock: not a holiday, and a weekday on the business clock. */
function counts(calendar: SlaCalendar, holidays: Holidays, day: number): boolean {
  if (holidays.set.has(day)) return false;
  const weekday = weekdayOf(day);
  return calendar.clock === 'calendar' || (weekday !== 0 && weekday !== 6);
}

/** 0 on Sundays to 6 on Saturdays (1970-01-01, day 0, was a Thursday). */
function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/**
 * The instant at which `hours` of SLA time have run since `from`: time counts in the zone's wall time, on counted
 * days only (every day on the calendar clock, Monday to Friday on the business clock, never on a holiday), and
 * never while the owner is away. Null when it would be more than three years away.
 */
export function slaDeadline(from: Date, hours: number, calendar: SlaCalendar): Date | null {
  const zone = calendar.zone;
  const holidays = holidaysOf(calendar);
  const away = calendar.away
    .map((a) => [toWall(zone, a.startsAt.getTime()), toWall(zone, a.endsAt.getTime())] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let remaining = hours * HOUR;
  let cursor = toWall(zone, from.getTime());
  // Without a pause in reach, whole days (calendar) or whole weeks (business) are skipped at once.
  const firstDay = Math.floor(cursor / DAY);
  const reach = Math.ceil(hours / 24) * 2 + 14;
  const unpaused = away.length === 0 && !holidayWithin(holidays, firstDay, firstDay + reach);
  for (let day = 0; day < MAX_DAYS; day += 1) {
    const dayStart = cursor - (((cursor % DAY) + DAY) % DAY);
    const dayEnd = dayStart + DAY;
    if (unpaused && cursor === dayStart && remaining > DAY) {
      if (calendar.clock === 'calendar') {
        const whole = Math.floor((remaining - 1) / DAY);
        cursor += whole * DAY;
        remaining -= whole * DAY;
        continue;
      }
      if (weekdayOf(dayStart / DAY) === 1 && remaining > 5 * DAY) {
        cursor += 7 * DAY;
        remaining -= 5 * DAY;
        continue;
      }
    }
    if (counts(calendar, holidays, dayStart / DAY)) {
      let t = cursor;
      for (const [start, end] of away) {
        if (end <= t || start >= dayEnd) continue;
        if (start > t) {
          if (start - t >= remaining) return new Date(fromWall(zone, t + remaining));
          remaining -= start - t;
        }
        t = Math.max(t, end);
        if (t >= dayEnd) break;
      }
      if (t < dayEnd) {
        if (dayEnd - t >= remaining) return new Date(fromWall(zone, t + remaining));
        remaining -= dayEnd - t;
      }
    }
    cursor = dayEnd;
  }
  return null;
}
