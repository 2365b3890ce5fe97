import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantArb, leadArb, stagesArb, timeOfDayArb, zoneArb } from './arbitraries';
import { completeStage } from './complete';
import { defaultCadence } from './fixtures';
import { initialNextActionAt } from './nextAction';
import { pushLead, rescheduleLead } from './push';
import { rolloverLead } from './rollover';
import type { LockOptions, ScheduleLead } from './types';

const RUNS = { numRuns: 1000 };
const DAY_MS = 86_400_000;
const ms = (iso: string | null): number => (iso === null ? Number.NaN : Date.parse(iso));

/** Every lead-changing operation of the core, as a tagged value fast-check can generate. */
const operationArb = fc.oneof(
  fc.record({ kind: fc.constant('rollover' as const) }),
  fc.record({
    kind: fc.constant('push' as const),
    preset: fc.constantFrom('laterToday' as const, 'tomorrowMorning' as const, 'nextWeek' as const),
  }),
  fc.record({ kind: fc.constant('reschedule' as const), to: instantArb }),
  fc.record({ kind: fc.constant('complete' as const) }),
);
type Operation = typeof operationArb extends fc.Arbitrary<infer T> ? T : never;

function run(op: Operation, lead: ScheduleLead, now: Date, tz: string, options: LockOptions) {
  if (op.kind === 'rollover') return rolloverLead(lead, now, defaultCadence, tz, options);
  if (op.kind === 'push') return pushLead(lead, now, op.preset, defaultCadence, tz, options);
  if (op.kind === 'reschedule') return rescheduleLead(lead, now, op.to, options);
  return completeStage(lead, now, defaultCadence, tz, options);
}

/** A due time near `now` (before or after), or none. */
const dueNear = (now: Date): fc.Arbitrary<string | null> =>
  fc.option(
    fc.integer({ min: -10 * DAY_MS, max: 10 * DAY_MS }).map((d) => new Date(now.getTime() + d).toISOString()),
    { nil: null, freq: 8 },
  );

const scenarioArb = fc
  .record({
    now: instantArb,
    tz: zoneArb,
    op: operationArb,
    force: fc.boolean(),
    by: fc.option(fc.uuid(), { nil: null }),
  })
  .chain((s) => leadArb(dueNear(s.now)).map((lead) => ({ ...s, lead })));

describe('lock properties', () => {
  it('a locked lead is never changed without force; with force every change carries the release record', () => {
    fc.assert(
      fc.property(scenarioArb, ({ now, tz, op, force, by, lead }) => {
        const before = structuredClone(lead);
        const result = run(op, lead, now, tz, { force, by });
        expect(lead).toEqual(before);
        if (result.status !== 'applied') {
          // Nothing changed; "locked" only for a locked lead without force (closed/not-overdue leads say so first).
          if (result.status === 'locked') expect([result.promotionId, force]).toEqual([lead.snappedPromotionId, false]);
          return;
        }
        if (lead.snappedPromotionId === null) {
          expect(result.releasedLock).toBeNull();
          return;
        }
        expect(force).toBe(true);
        expect(result.releasedLock).toEqual({ promotionId: lead.snappedPromotionId, at: now.toISOString(), by });
        expect(result.lead.snappedPromotionId).toBeNull();
      }),
      RUNS,
    );
  });

  it('rollover never moves a lead that is not overdue, and moves overdue ones past now', () => {
    fc.assert(
      fc.property(scenarioArb, fc.boolean(), ({ now, tz, force, by, lead }, rollover) => {
        const result = rolloverLead(lead, now, { ...defaultCadence, rollover }, tz, { force, by });
        const overdue =
          lead.state === 'open' && lead.stageStatus === 'pending' && ms(lead.nextActionAt) <= now.getTime();
        if (!overdue || !rollover) {
          expect(result.status).toBe('unchanged');
          return;
        }
        if (result.status === 'applied') expect(ms(result.lead.nextActionAt)).toBeGreaterThan(now.getTime());
        else expect(result).toEqual({ status: 'locked', promotionId: lead.snappedPromotionId });
      }),
      RUNS,
    );
  });
});

describe('completion properties', () => {
  const stepArb = fc.record({ early: fc.boolean(), gap: fc.integer({ min: 0, max: 5 * DAY_MS }) });
  const chainArb = fc.record({
    tz: zoneArb,
    dayStartTime: timeOfDayArb,
    stages: stagesArb,
    createdAt: instantArb,
    steps: fc.array(stepArb, { minLength: 8, maxLength: 8 }),
  });

  it('completing stages in order never goes backwards in time and closes after the last stage', () => {
    fc.assert(
      fc.property(chainArb, ({ tz, dayStartTime, stages, createdAt, steps }) => {
        const cadence = { stages, dayStartTime };
        const first = stages[0]?.key ?? '';
        let lead: ScheduleLead = {
          stageKey: first,
          stageStatus: 'pending',
          state: 'open',
          nextActionAt: initialNextActionAt(createdAt, first, cadence, tz).toISOString(),
          lastActionAt: createdAt.toISOString(),
          lastActionSource: 'create',
          snappedPromotionId: null,
        };
        expect(ms(lead.nextActionAt)).toBeGreaterThanOrEqual(createdAt.getTime());
        let last = createdAt.getTime();
        for (const [index, step] of steps.slice(0, stages.length).entries()) {
          const due = ms(lead.nextActionAt);
          // Early: any time after the previous action; in order: at or after the due time.
          const completedAt = new Date((step.early ? last : Math.max(last, due)) + step.gap);
          const result = completeStage(lead, completedAt, cadence, tz);
          expect(result.status).toBe('applied');
          if (result.status !== 'applied') return;
          expect(ms(result.lead.lastActionAt)).toBeGreaterThanOrEqual(last);
          if (result.closed) {
            expect(index).toBe(stages.length - 1);
            expect(result.lead).toMatchObject({ nextActionAt: null, stageStatus: 'completed', state: 'drop_out' });
          } else {
            expect(result.lead.stageKey).toBe(stages[index + 1]?.key);
            expect(result.nextActionAt.getTime()).toBeGreaterThanOrEqual(completedAt.getTime());
            if (!step.early) expect(result.nextActionAt.getTime()).toBeGreaterThanOrEqual(due);
          }
          last = completedAt.getTime();
          lead = result.lead;
        }
        expect(lead.nextActionAt).toBeNull();
      }),
      RUNS,
    );
  });
});
