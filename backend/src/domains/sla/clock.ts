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

const zones = new Map<string, IANAZone>();
function zoneOf(name: string): IANAZone {
  let zone = zones.get(name);
  if (!zone) zones.set(name, (zone = IANAZone.create(name)));
  return zone;
}

/**
 * Wall time: an instant's local date and time in the zone, as if it were UTC milliseconds. SLA time is counted in
 * wall time so that "3 days" is the same local time three days later across a DST change (71 or 73 real hours).
 */
function toWall(zone: IANAZone, ms: number): number {
  return ms + zone.offset(ms) * 60_000;
}

/** The instant of a wall time (the later reading when a DST change makes it ambiguous or skips it). */
function fromWall(zone: IANAZone, wall: number): number {
  const guess = wall - zone.offset(wall) * 60_000;
  return wall - zone.offset(guess) * 60_000;
}

/** True when a local day counts on the clock: not a holiday, and a weekday on the business clock. */
function counts(calendar: SlaCalendar, dayStart: number): boolean {
  const date = new Date(dayStart);
  if (calendar.holidays.has(date.toISOString().slice(0, 10))) return false;
  const weekday = date.getUTCDay();
  return calendar.clock === 'calendar' || (weekday !== 0 && weekday !== 6);
}

/**
 * The instant at which `hours` of SLA time have run since `from`: time counts in the zone's wall time, on counted
 * days only (every day on the calendar clock, Monday to Friday on the business clock, never on a holiday), and
 * never while the owner is away. Null when it would be more than three years away.
 */
export function slaDeadline(from: Date, hours: number, calendar: SlaCalendar): Date | null {
  const zone = zoneOf(calendar.zone);
  const away = calendar.away
    .map((a) => [toWall(zone, a.startsAt.getTime()), toWall(zone, a.endsAt.getTime())] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let remaining = hours * HOUR;
  let cursor = toWall(zone, from.getTime());
  for (let day = 0; day < MAX_DAYS; day += 1) {
    const dayStart = cursor - (((cursor % DAY) + DAY) % DAY);
    const dayEnd = dayStart + DAY;
    if (counts(calendar, dayStart)) {
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
