import type { SendWindow } from '@pivotal-pm/sdk';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TRANSITION_DATES, ZONES } from '#domains/cadences/schedule/arbitraries';
import { bucketOf, nextAllowedTime, type Cap, type PolicyInput } from './engine';
import { allowedSegments } from './windows';

const RUNS = { numRuns: 1000 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const time = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** A weekly window on 15-minute marks (so DST hours 01:00-03:00 are often at the edges). */
const windowArb = fc
  .record({
    day: fc.integer({ min: 1, max: 7 }),
    start: fc.integer({ min: 0, max: 94 }),
    len: fc.integer({ min: 1, max: 40 }),
  })
  .map(({ day, start, len }) => ({
    day,
    start: time(start * 15),
    end: time(Math.min(start * 15 + len * 15, 23 * 60 + 59)),
  }))
  .filter((w) => w.start < w.end);
const sendWindowArb = fc
  .record({
    timezone: fc.constantFrom(...ZONES),
    businessHours: fc.array(windowArb, { maxLength: 10 }),
    quietHours: fc.array(windowArb, { maxLength: 6 }),
  })
  .filter((w: SendWindow) => [1, 2, 3, 4, 5, 6, 7].some((d) => allowedSegments(w, d).length > 0));

/** A start near a DST transition of the zone half of the time, else anywhere in 2024-2032. */
const startArb = (zone: string) =>
  fc.oneof(
    fc
      .constantFrom(...(TRANSITION_DATES[zone]?.length ? TRANSITION_DATES[zone]! : ['2027-03-28']))
      .chain((date) =>
        fc
          .integer({ min: -36 * 60, max: 36 * 60 })
          .map((m) => DateTime.fromISO(date, { zone }).toMillis() + m * 60_000),
      ),
    fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 1) }),
  );

const scenarioArb = sendWindowArb.chain((window) =>
  fc.record({
    window: fc.constant(window),
    earliest: startArb(window.timezone),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 10 }),
    away: fc.array(fc.record({ from: fc.integer({ min: 0, max: 20 * 24 }), hours: fc.integer({ min: 1, max: 96 }) }), {
      maxLength: 3,
    }),
    cooldownHours: fc.integer({ min: 0, max: 72 }),
    limits: fc.record({
      tenant: fc.integer({ min: 1, max: 6 }),
      sequence: fc.integer({ min: 1, max: 4 }),
      pacing: fc.integer({ min: 1, max: 3 }),
    }),
    sends: fc.integer({ min: 1, max: 15 }),
  }),
);

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

function inputOf(s: Scenario, usage: Map<string, number>): PolicyInput {
  const zone = s.window.timezone;
  const day0 = DateTime.fromMillis(s.earliest, { zone }).startOf('day');
  const holidays = new Set(s.holidayOffsets.map((d) => day0.plus({ days: d }).toISODate()!));
  const caps: Cap[] = [
    { key: 'tenant', limit: s.limits.tenant, period: 'day', guardrail: 'daily_cap' },
    { key: 'sequence', limit: s.limits.sequence, period: 'day', guardrail: 'daily_cap' },
    { key: 'mailbox:minute', limit: s.limits.pacing, period: 'minute', guardrail: 'mailbox_pacing' },
  ];
  return {
    earliest: s.earliest,
    zone,
    window: s.window,
    holidays,
    caps,
    away: s.away.map((a) => ({ start: s.earliest + a.from * HOUR, end: s.earliest + (a.from + a.hours) * HOUR })),
    floors: s.cooldownHours > 0 ? [{ until: s.earliest + s.cooldownHours * HOUR, guardrail: 'cooldown' }] : [],
    usage: (key, bucket) => usage.get(`${key}@${bucket}`) ?? 0,
  };
}

/** Checks one decision against every rule. */
function assertAllowed(input: PolicyInput, at: number): void {
  const local = DateTime.fromMillis(at, { zone: input.zone });
  const minute = local.hour * 60 + local.minute;
  expect(at).toBeGreaterThanOrEqual(input.earliest);
  for (const f of input.floors) expect(at).toBeGreaterThanOrEqual(f.until);
  expect(input.holidays.has(local.toISODate()!), `holiday ${local.toISO()}`).toBe(false);
  expect(
    input.away.some((a) => a.start <= at && at < a.end),
    `out of office ${local.toISO()}`,
  ).toBe(false);
  const inside = allowedSegments(input.window, local.weekday).some(([s, e]) => s <= minute && minute < e);
  expect(inside, `outside the window (business hours minus quiet hours) at ${local.toISO()}`).toBe(true);
}

describe('sequence policy engine (properties)', () => {
  it('places every send inside business hours, outside quiet hours, holidays and out-of-office, after cooldowns, across DST', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const input = inputOf(s, new Map());
        const decision = nextAllowedTime(input);
        assertAllowed(input, decision.at);
        expect(decision.delayedBy.length === 0).toBe(decision.at === s.earliest);
      }),
      RUNS,
    );
  });

  it('never exceeds a daily cap or the per-minute pacing over a run of sends sharing the counters', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const usage = new Map<string, number>();
        let earliest = s.earliest;
        for (let i = 0; i < s.sends; i++) {
          const input = { ...inputOf(s, usage), earliest };
          const { at } = nextAllowedTime(input);
          assertAllowed(input, at);
          for (const cap of input.caps) {
            const key = `${cap.key}@${bucketOf(at, cap.period)}`;
            const used = (usage.get(key) ?? 0) + 1;
            expect(used, `${cap.key} over its limit`).toBeLessThanOrEqual(cap.limit);
            usage.set(key, used);
          }
          earliest = at;
        }
      }),
      RUNS,
    );
  });

  it('names the guardrail that delayed a send', () => {
    const window: SendWindow = {
      timezone: 'Europe/London',
      businessHours: [
        { day: 1, start: '09:00', end: '17:00' },
        { day: 2, start: '09:00', end: '17:00' },
      ],
      quietHours: [{ day: 1, start: '12:00', end: '13:00' }],
    };
    const base = {
      zone: 'Europe/London',
      window,
      holidays: new Set<string>(),
      away: [],
      floors: [],
      caps: [],
      usage: () => 0,
    };
    const monday = (h: number, m = 0) =>
      DateTime.fromObject({ year: 2027, month: 3, day: 29, hour: h, minute: m }, { zone: 'Europe/London' }).toMillis();
    expect(nextAllowedTime({ ...base, earliest: monday(7) })).toEqual({ at: monday(9), delayedBy: ['business_hours'] });
    expect(nextAllowedTime({ ...base, earliest: monday(12, 30) })).toEqual({
      at: monday(13),
      delayedBy: ['quiet_hours'],
    });
    expect(nextAllowedTime({ ...base, earliest: monday(10), holidays: new Set(['2027-03-29']) })).toEqual({
      at: monday(9) + DAY,
      delayedBy: ['holiday', 'business_hours'],
    });
    const full = nextAllowedTime({
      ...base,
      earliest: monday(10),
      caps: [{ key: 'seq', limit: 1, period: 'day', guardrail: 'daily_cap' }],
      usage: (_k, b) => (b === bucketOf(monday(10), 'day') ? 1 : 0),
    });
    expect(full).toEqual({ at: monday(9) + DAY, delayedBy: ['daily_cap', 'business_hours'] });
    // The Sunday 2027-03-28 spring-forward: 01:30 London does not exist; a window from 01:00 opens at 02:00 BST.
    const sunday: SendWindow = {
      timezone: 'Europe/London',
      businessHours: [{ day: 7, start: '01:00', end: '04:00' }],
      quietHours: [],
    };
    const at = nextAllowedTime({ ...base, window: sunday, earliest: Date.UTC(2027, 2, 28, 0, 30) }).at;
    expect(DateTime.fromMillis(at, { zone: 'Europe/London' }).toFormat('HH:mm')).toBe('02:00');
  });
});
