import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createPipeline } from '../../helpers/factories';
import { expectCall } from '../pipelines/helpers';
import { daysAgo, moveAt } from './history';

const ORDER = ['qualification', 'proposal', 'negotiation', 'closedWon', 'closedLost'];
const PERIOD_DAYS = 30;

let t: TestApp;
let acme: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
});
afterAll(async () => t?.close());

/** One opportunity's path: the stages it enters (stage indexes), each after some days; it stops at a closed stage. */
const arbPath = fc.record({
  startDaysAgo: fc.integer({ min: 1, max: 80 }),
  moves: fc.array(fc.record({ stage: fc.integer({ min: 0, max: 4 }), afterDays: fc.integer({ min: 1, max: 20 }) }), {
    maxLength: 4,
  }),
});

type Stay = { stage: number; entered: number; exited: number | null };

/** The stays of a path in days ago (higher = older), as the database should record them. */
function staysOf(path: { startDaysAgo: number; moves: { stage: number; afterDays: number }[] }) {
  const stays: Stay[] = [{ stage: 0, entered: path.startDaysAgo, exited: null }];
  let at = path.startDaysAgo;
  for (const move of path.moves) {
    const current = stays.at(-1)!;
    if (current.stage >= 3) break;
    if (move.stage === current.stage) continue;
    at = Math.max(0, at - move.afterDays);
    if (at === 0) break;
    current.exited = at;
    stays.push({ stage: move.stage, entered: at, exited: null });
  }
  return stays;
}

/** The plain reference: per open stage, entered in the period, converted (the next stay ranks higher), mean days. */
function reference(paths: Stay[][]) {
  const rank = (s: number) => (s === 4 ? 0 : s + 1);
  return ORDER.slice(0, 3).map((_, stage) => {
    let entered = 0;
    let converted = 0;
    const lengths: number[] = [];
    for (const stays of paths) {
      stays.forEach((stay, i) => {
        if (stay.stage !== stage) return;
        if (stay.entered < PERIOD_DAYS) {
          entered += 1;
          const next = stays[i + 1];
          if (next && rank(next.stage) > rank(stage)) converted += 1;
        }
        if (stay.exited !== null && stay.exited < PERIOD_DAYS) lengths.push(stay.entered - stay.exited);
      });
    }
    const avg = lengths.length ? Math.round((lengths.reduce((a, b) => a + b, 0) / lengths.length) * 10) / 10 : null;
    return { stage: ORDER[stage], entered, converted, avgDaysInStage: avg };
  });
}

describe('pipeline.metrics.get against a plain reference (property)', () => {
  it('conversion and time in stage equal the reference for generated stage histories', async () => {
    const now = new Date();
    // Whole days before now, at noon-free offsets: the period's first day starts PERIOD_DAYS - 1 days before today.
    const today = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
    const from = new Date(today.getTime() - (PERIOD_DAYS - 1) * 86_400_000).toISOString().slice(0, 10);
    await fc.assert(
      fc.asyncProperty(fc.array(arbPath, { minLength: 1, maxLength: 6 }), async (paths) => {
        const db = t.db.ownerKnex;
        const pipeline = await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id });
        const histories = paths.map(staysOf);
        // Instants are whole days before the end of today minus one hour, so "days ago" < PERIOD_DAYS is in the period.
        const base = new Date(today.getTime() + 86_400_000 - 3_600_000);
        for (const stays of histories) {
          const opp = await createOpportunity(db, acme.id, {
            pipelineId: pipeline.id,
            ownerId: acme.users.salesRep.id,
            stageEnteredAt: daysAgo(base, stays[0]!.entered),
            createdAt: daysAgo(base, stays[0]!.entered),
          } as never);
          for (const stay of stays.slice(1))
            await moveAt(db, acme.id, opp.id, ORDER[stay.stage]!, daysAgo(base, stay.entered));
        }
        const m = (
          await expectCall(
            t,
            'pipeline.metrics.get',
            { pipelineId: pipeline.id, period: { from, to: today.toISOString().slice(0, 10) } },
            acme.users.salesManager.token,
          )
        ).data;
        const got = m.stages
          .slice(0, 3)
          .map((s: { stage: string; entered: number; converted: number; avgDaysInStage: number | null }) => ({
            stage: s.stage,
            entered: s.entered,
            converted: s.converted,
            avgDaysInStage: s.avgDaysInStage,
          }));
        expect(got).toEqual(reference(histories));
        // Velocity: days from creation to the win, over the wins of the period.
        const cycles = histories
          .filter((stays) => stays.at(-1)!.stage === 3 && stays.at(-1)!.entered < PERIOD_DAYS)
          .map((stays) => stays[0]!.entered - stays.at(-1)!.entered);
        const mean = cycles.length ? Math.round((cycles.reduce((a, b) => a + b, 0) / cycles.length) * 10) / 10 : null;
        expect([m.won, m.velocity.avgDaysToClose]).toEqual([cycles.length, mean]);
        for (const s of m.stages) if (s.conversionRate !== null) expect(s.conversionRate).toBeLessThanOrEqual(1);
      }),
      { numRuns: 25 },
    );
  });
});
