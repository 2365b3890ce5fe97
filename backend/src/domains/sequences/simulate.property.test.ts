import type { SendWindow, SequenceStep } from '@pivotal-pm/sdk';
import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { TRANSITION_DATES, ZONES } from '#domains/cadences/schedule/arbitraries';
import { bucketOf, type Cap } from './policy/engine';
import { allowedSegments } from './policy/windows';
import { addDuration, simulateSchedule } from './simulate';
import { SlotCalendar } from './simulateCalendar';
import { CachedZone } from './simulateZone';

import { HOUR, L, email, plan } from './simulateTestkit';

// ---- property: every placed step is allowed and no cap is exceeded, over random cohorts sharing the counters ----

const time = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
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
    businessHours: fc.array(windowArb, { maxLength: 8 }),
    quietHours: fc.array(windowArb, { maxLength: 4 }),
  })
  .filter((w: SendWindow) => [1, 2, 3, 4, 5, 6, 7].some((d) => allowedSegments(w, d).length > 0));
const durationArb = fc.constantFrom('PT0S', 'PT5M', 'PT1H', 'PT12H', 'P1D', 'P2D');
const stepArb: fc.Arbitrary<SequenceStep> = fc.oneof(
  durationArb.map((wait) => email(wait)),
  durationArb.map((wait): SequenceStep => ({ type: 'call', wait })),
  durationArb.map((duration): SequenceStep => ({ type: 'wait', duration })),
);
const scenarioArb = sendWindowArb.chain((window) =>
  fc.record({
    window: fc.constant(window),
    start: fc
      .integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 1) })
      .map((t) => Math.floor(t / 60_000) * 60_000 + 0),
    zones: fc.array(fc.option(fc.constantFrom(...ZONES), { nil: null }), { minLength: 1, maxLength: 40 }),
    steps: fc.array(stepArb, { minLength: 1, maxLength: 6 }),
    holidayOffsets: fc.uniqueArray(fc.integer({ min: 0, max: 30 }), { maxLength: 6 }),
    away: fc.array(fc.record({ from: fc.integer({ min: 0, max: 10 * 24 }), hours: fc.integer({ min: 1, max: 72 }) }), {
      maxLength: 2,
    }),
    cooldowns: fc.record({ perContact: durationArb, perSequence: durationArb }),
    limits: fc.record({
      tenant: fc.integer({ min: 1, max: 20 }),
      sequence: fc.integer({ min: 1, max: 10 }),
      pacing: fc.integer({ min: 1, max: 4 }),
    }),
    baseline: fc.integer({ min: 0, max: 3 }),
  }),
);

/** A calendar without the jump: the engine steps to the next bucket and checks again (its default). */
class SteppingCalendar extends SlotCalendar {
  override nextRoom = (cap: Cap, bucketStart: number) => bucketStart + (cap.period === 'day' ? 86_400_000 : 60_000);
}

describe('simulateSchedule (properties)', () => {
  it('places every step inside an allowed window, after its floors, with no cap exceeded across the cohort', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const caps: Cap[] = [
          { key: 'tenant', limit: s.limits.tenant, period: 'day', guardrail: 'daily_cap' },
          { key: 'sequence:s', limit: s.limits.sequence, period: 'day', guardrail: 'daily_cap' },
          { key: 'mailbox-minute:u', limit: s.limits.pacing, period: 'minute', guardrail: 'mailbox_pacing' },
        ];
        const calendar = new SlotCalendar();
        const used = new Map<string, number>();
        const count = (key: string, bucket: number, n = 1) =>
          used.set(`${key}@${bucket}`, (used.get(`${key}@${bucket}`) ?? 0) + n);
        // Some of today's slots were used before the run.
        for (const cap of caps) {
          const n = Math.min(s.baseline, cap.limit);
          calendar.add(cap.key, bucketOf(s.start, cap.period), n);
          count(cap.key, bucketOf(s.start, cap.period), n);
        }
        const day0 = DateTime.fromMillis(s.start, { zone: s.window.timezone }).startOf('day');
        const holidays = new Set(s.holidayOffsets.map((d) => day0.plus({ days: d }).toISODate()!));
        const away = s.away.map((a) => ({ start: s.start + a.from * HOUR, end: s.start + (a.from + a.hours) * HOUR }));
        const contacts = s.zones.map((zone, i) => ({
          id: `c${i}`,
          zone: zone ?? s.window.timezone,
          lastTouchAt: null,
        }));
        const out = simulateSchedule({
          steps: s.steps,
          window: s.window,
          cooldowns: s.cooldowns,
          caps,
          holidays,
          away,
          contacts,
          startAt: s.start,
          calendar,
        });

        const zoneOf = new Map(contacts.map((c) => [c.id, c.zone]));
        const lastTouch = new Map<string, number>();
        for (const step of out) {
          expect(step.at).toBeGreaterThanOrEqual(step.nominalAt);
          expect(step.nominalAt).toBeGreaterThanOrEqual(s.start);
          expect(step.delays.length === 0).toBe(step.at === step.nominalAt);
          if (step.type !== 'email' && step.type !== 'call') continue;
          const zone = zoneOf.get(step.contactId)!;
          const local = DateTime.fromMillis(step.at, { zone });
          const minute = local.hour * 60 + local.minute;
          expect(
            allowedSegments(s.window, local.weekday).some(([a, b]) => a <= minute && minute < b),
            `outside the window at ${local.toISO()}`,
          ).toBe(true);
          expect(holidays.has(local.toISODate()!), `holiday ${local.toISO()}`).toBe(false);
          expect(
            away.some((a) => a.start <= step.at && step.at < a.end),
            `out of office ${local.toISO()}`,
          ).toBe(false);
          const prev = lastTouch.get(step.contactId);
          if (prev !== undefined) {
            expect(step.at).toBeGreaterThanOrEqual(addDuration(prev, s.cooldowns.perContact, zone));
            expect(step.at).toBeGreaterThanOrEqual(addDuration(prev, s.cooldowns.perSequence, zone));
          }
          lastTouch.set(step.contactId, step.at);
          if (step.type === 'email') for (const cap of caps) count(cap.key, bucketOf(step.at, cap.period));
        }
        for (const cap of caps) {
          for (const [id, n] of used)
            if (id.startsWith(`${cap.key}@`)) expect(n, `${id} over ${cap.limit}`).toBeLessThanOrEqual(cap.limit);
        }
        // Every contact ran every step (the path has no branch here).
        expect(out.length).toBe(contacts.length * s.steps.length);
        // The calendar's jump past full buckets changes only the speed: stepping bucket by bucket places every step at
        // the same time.
        const stepping = new SteppingCalendar();
        for (const cap of caps) stepping.add(cap.key, bucketOf(s.start, cap.period), Math.min(s.baseline, cap.limit));
        const slow = simulateSchedule({
          steps: s.steps,
          window: s.window,
          cooldowns: s.cooldowns,
          caps,
          holidays,
          away,
          contacts,
          startAt: s.start,
          calendar: stepping,
        });
        expect(slow.map((x) => x.at)).toEqual(out.map((x) => x.at));
      }),
      { numRuns: 1000 },
    );
  }, 120_000);

  it('simulates 1,000 contacts x 8 steps well inside the budget (the full budget is measured by the bench)', () => {
    const steps = [
      email('P1D'),
      { type: 'call', wait: 'P1D' } as SequenceStep,
      email('P2D'),
      { type: 'wait', duration: 'P1D' } as SequenceStep,
      email('P1D'),
      { type: 'linkedin', action: 'connect', wait: 'P1D' } as SequenceStep,
      email('P3D'),
      { type: 'task', taskType: 'call', dueIn: 'P1D' } as SequenceStep,
    ];
    const zones = ['Europe/London', 'America/New_York', 'Europe/Paris', 'Australia/Sydney'];
    const contacts = Array.from({ length: 1000 }, (_, i) => ({
      id: `c${i}`,
      zone: zones[i % zones.length]!,
      lastTouchAt: null,
    }));
    const began = performance.now();
    const out = simulateSchedule(plan({ steps, contacts, startAt: L('2027-03-29T07:00') }));
    const ms = performance.now() - began;
    expect(out).toHaveLength(8000);
    expect(ms).toBeLessThan(3000); // generous on a loaded 2-core machine; the bench reports the real figure
  });
});

describe('CachedZone', () => {
  it('answers exactly the IANA offsets, around DST changes too', () => {
    const instant = fc.constantFrom(...ZONES).chain((zone) =>
      fc.record({
        zone: fc.constant(zone),
        ts: fc.oneof(
          fc
            .constantFrom(...(TRANSITION_DATES[zone]?.length ? TRANSITION_DATES[zone]! : ['2027-03-28']))
            .chain((date) =>
              fc
                .integer({ min: -36 * 3600, max: 36 * 3600 })
                .map((sec) => DateTime.fromISO(date, { zone }).toMillis() + sec * 1000),
            ),
          fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2032, 11, 1) }),
        ),
      }),
    );
    fc.assert(
      fc.property(fc.array(instant, { minLength: 1, maxLength: 20 }), (list) => {
        const zones = new Map<string, CachedZone>();
        for (const { zone, ts } of list) {
          if (!zones.has(zone)) zones.set(zone, new CachedZone(zone));
          expect(zones.get(zone)!.offset(ts)).toBe(IANAZone.create(zone).offset(ts));
        }
      }),
      { numRuns: 1000 },
    );
  });
});
