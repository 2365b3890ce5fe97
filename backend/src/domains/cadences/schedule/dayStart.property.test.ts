import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantArb, instantBeforeTransitionArb, stagesArb, timeOfDayArb, zoneArb } from './arbitraries';
import { initialNextActionAt, nextActionAt } from './nextAction';
import { pushPreset } from './push';
import { rolloverTarget } from './rollover';

const RUNS = { numRuns: 1000 };
const MINUTE_MS = 60_000;

/** The naive wall-clock milliseconds of an instant in a zone (computed with luxon, independently of the code). */
function wall(ms: number, tz: string): number {
  const dt = DateTime.fromMillis(ms, { zone: tz });
  return Date.UTC(dt.year, dt.month - 1, dt.day, dt.hour, dt.minute, dt.second, dt.millisecond);
}

/**
 * Asserts `result` is `dayStart` on the local date `expectedDate` in `tz`: either the wall clock reads exactly
 * `dayStart` (and it is its first occurrence), or `dayStart` falls in a DST gap and `result` is the instant the
 * gap ends (the wall clock jumps from before `dayStart` to after it).
 */
function expectAtDayStart(result: Date, expectedDate: string, dayStart: string, tz: string): void {
  const local = DateTime.fromJSDate(result, { zone: tz });
  expect(local.toISODate()).toBe(expectedDate);
  const target = Date.parse(`${expectedDate}T${dayStart}:00Z`);
  const ms = result.getTime();
  if (local.toFormat('HH:mm') === dayStart) {
    expect(wall(ms, tz)).toBe(target);
    for (const minutes of [15, 30, 45, 60, 90, 120, 180]) expect(wall(ms - minutes * MINUTE_MS, tz)).not.toBe(target);
  } else {
    expect(wall(ms - 1, tz)).toBeLessThan(target);
    expect(wall(ms, tz)).toBeGreaterThan(target);
  }
}

const localDatePlus = (at: Date, days: number, tz: string): string => {
  const d = DateTime.fromJSDate(at, { zone: tz });
  return DateTime.utc(d.year, d.month, d.day).plus({ days }).toISODate() ?? '';
};

/** A completion time: anywhere, or aimed so that `delta` days later is a DST transition date of the zone. */
const scenarioArb = fc
  .record({ tz: zoneArb, dayStartTime: timeOfDayArb, stages: stagesArb, pick: fc.nat(), aimed: fc.boolean() })
  .chain((s) => {
    const from = s.pick % s.stages.length;
    const to = from + ((s.pick >> 3) % (s.stages.length - from));
    const delta = (s.stages[to]?.offsetDays ?? 0) - (s.stages[from]?.offsetDays ?? 0);
    const at = s.aimed ? instantBeforeTransitionArb(s.tz, delta) : instantArb;
    return at.map((completedAt) => ({ ...s, from, to, delta, completedAt }));
  });

describe('dayStartTime properties', () => {
  it('nextActionAt is at dayStartTime (or the DST-gap instant) on the completion date + delta, local', () => {
    fc.assert(
      fc.property(scenarioArb, ({ tz, dayStartTime, stages, from, to, delta, completedAt }) => {
        const cadence = { stages, dayStartTime };
        const fromKey = stages[from]?.key ?? '';
        const toKey = stages[to]?.key ?? '';
        const result = nextActionAt(completedAt, fromKey, toKey, cadence, tz);
        if (delta === 0) expect(result.getTime()).toBe(completedAt.getTime());
        else {
          expectAtDayStart(result, localDatePlus(completedAt, delta, tz), dayStartTime, tz);
          expect(result.getTime()).toBeGreaterThan(completedAt.getTime());
        }
        const initial = initialNextActionAt(completedAt, toKey, cadence, tz);
        const offset = stages[to]?.offsetDays ?? 0;
        if (offset === 0) expect(initial.getTime()).toBe(completedAt.getTime());
        else expectAtDayStart(initial, localDatePlus(completedAt, offset, tz), dayStartTime, tz);
      }),
      RUNS,
    );
  });

  it('rollover, tomorrowMorning and nextWeek land at dayStartTime on the right local day; laterToday obeys 18:00', () => {
    const arb = fc
      .record({ tz: zoneArb, dayStartTime: timeOfDayArb, aimed: fc.boolean() })
      .chain((s) => (s.aimed ? instantBeforeTransitionArb(s.tz, 1) : instantArb).map((now) => ({ ...s, now })));
    fc.assert(
      fc.property(arb, ({ tz, dayStartTime, now }) => {
        const cadence = { dayStartTime };
        const tomorrow = localDatePlus(now, 1, tz);
        expectAtDayStart(rolloverTarget(now, cadence, tz), tomorrow, dayStartTime, tz);
        expectAtDayStart(pushPreset(now, 'tomorrowMorning', cadence, tz), tomorrow, dayStartTime, tz);
        const weekday = DateTime.fromJSDate(now, { zone: tz }).weekday;
        const nextWeek = pushPreset(now, 'nextWeek', cadence, tz);
        expectAtDayStart(nextWeek, localDatePlus(now, 8 - weekday, tz), dayStartTime, tz);
        expect(DateTime.fromJSDate(nextWeek, { zone: tz }).weekday).toBe(1);
        const later = pushPreset(now, 'laterToday', cadence, tz);
        const threeHours = now.getTime() + 3 * 3_600_000;
        const sameDay = DateTime.fromMillis(threeHours, { zone: tz }).toISODate() === localDatePlus(now, 0, tz);
        const cutoff = wall(threeHours, tz) <= Date.parse(`${localDatePlus(now, 0, tz)}T18:00:00Z`);
        if (sameDay && cutoff) expect(later.getTime()).toBe(threeHours);
        else expectAtDayStart(later, tomorrow, dayStartTime, tz);
      }),
      RUNS,
    );
  });
});
