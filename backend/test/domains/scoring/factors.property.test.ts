import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SCORING,
  healthOf,
  scoreOpportunity,
  type OpportunityInputs,
} from '../../../src/domains/scoring/factors';

const now = new Date('2026-12-07T12:00:00.000Z');
const DAY = 86_400_000;

const arbInputs: fc.Arbitrary<OpportunityInputs> = fc.record({
  stage: fc.constantFrom('qualification', 'proposal', 'negotiation'),
  slaPolicy: fc.constantFrom({}, { defaultMaxIdleHours: 72 }, { stageMaxIdleHours: { proposal: 336 } }),
  stageEnteredAt: fc.integer({ min: 0, max: 200 }).map((d) => new Date(now.getTime() - d * DAY)),
  closeDate: fc.option(
    fc.integer({ min: -60, max: 120 }).map((d) => new Date(now.getTime() + d * DAY).toISOString().slice(0, 10)),
  ),
  amount: fc.integer({ min: 0, max: 1_000_000 }),
  firstAmount: fc.integer({ min: 0, max: 1_000_000 }),
  closeDatePushes: fc.integer({ min: 0, max: 6 }),
  lastHumanAt: fc.option(fc.integer({ min: 0, max: 120 }).map((d) => new Date(now.getTime() - d * DAY))),
  contactsEngaged: fc.integer({ min: 0, max: 8 }),
  sequenceProgress: fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
});

const arbWeights = fc.record(
  Object.fromEntries(Object.keys(DEFAULT_SCORING.weights).map((k) => [k, fc.double({ min: 0, max: 1, noNaN: true })])),
) as fc.Arbitrary<typeof DEFAULT_SCORING.weights>;

describe('opportunity health score (property)', () => {
  it('stays an integer in 0..100 whose factor contributions add up to it, for any inputs and weights', () => {
    fc.assert(
      fc.property(arbInputs, arbWeights, (inputs, weights) => {
        const { score, factors } = scoreOpportunity(inputs, { ...DEFAULT_SCORING, weights }, now);
        expect(Number.isInteger(score)).toBe(true);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(100);
        for (const f of factors) expect(f.value).toBeGreaterThanOrEqual(0);
        const sum = factors.reduce((s, f) => s + f.contribution, 0);
        expect(Math.abs(sum - score)).toBeLessThanOrEqual(factors.length * 0.05 + 0.5);
      }),
    );
  });

  it('moves the documented way when one factor changes: never down for a more recent touch, more contacts, fewer pushes', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 1, max: 60 }), (inputs, d) => {
        const base = scoreOpportunity(inputs, DEFAULT_SCORING, now).score;
        const sooner = inputs.lastHumanAt
          ? new Date(Math.min(now.getTime(), inputs.lastHumanAt.getTime() + d * DAY))
          : now;
        expect(scoreOpportunity({ ...inputs, lastHumanAt: sooner }, DEFAULT_SCORING, now).score).toBeGreaterThanOrEqual(
          base,
        );
        expect(
          scoreOpportunity({ ...inputs, contactsEngaged: inputs.contactsEngaged + 1 }, DEFAULT_SCORING, now).score,
        ).toBeGreaterThanOrEqual(base);
        expect(
          scoreOpportunity({ ...inputs, closeDatePushes: inputs.closeDatePushes + 1 }, DEFAULT_SCORING, now).score,
        ).toBeLessThanOrEqual(base);
        const older = new Date(inputs.stageEnteredAt.getTime() - d * DAY);
        expect(scoreOpportunity({ ...inputs, stageEnteredAt: older }, DEFAULT_SCORING, now).score).toBeLessThanOrEqual(
          base,
        );
      }),
    );
  });

  it('weighs only what has weight: a factor at weight 0 changes nothing', () => {
    fc.assert(
      fc.property(arbInputs, fc.integer({ min: 0, max: 8 }), (inputs, contacts) => {
        const config = { ...DEFAULT_SCORING, weights: { ...DEFAULT_SCORING.weights, multiThreading: 0 } };
        expect(scoreOpportunity({ ...inputs, contactsEngaged: contacts }, config, now).score).toBe(
          scoreOpportunity(inputs, config, now).score,
        );
      }),
    );
  });

  it('bands scores by the thresholds', () => {
    const t = { atRisk: 40, healthy: 70 };
    expect([healthOf(70, t), healthOf(69, t), healthOf(40, t), healthOf(39, t)]).toEqual([
      'healthy',
      'at_risk',
      'at_risk',
      'stalled',
    ]);
  });
});
