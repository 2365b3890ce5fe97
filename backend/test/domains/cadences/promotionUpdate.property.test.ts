import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { applyScope } from '#db/tenantTx';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createPipeline } from '../../helpers/factories';
import { inProcessCaller } from './invoke';
import { buildCadenceWorld, type CadenceWorld } from './world';

// Issue 12 item 14: update(t1 -> t1, t2) ends where create(t1, t2) does, and a restore after it is exact.
const RUNS = 300;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NOW = new Date('2031-06-01T12:00:00Z');
const BASE = Date.parse('2031-06-05T09:00:00Z');
const FIELDS = [
  'id',
  'stageKey',
  'stageStatus',
  'state',
  'nextActionAt',
  'lastActionAt',
  'lastActionSource',
  'snappedPromotionId',
] as const;
const PRE = [
  'preStageKey',
  'preStageStatus',
  'preState',
  'preNextActionAt',
  'preLastActionAt',
  'preLastActionSource',
  'replacedStageKey',
  'stageDueAt',
] as const;
type Row = Record<string, unknown>;
type Promo = { id: string; touchpoints: { id: string }[] };

let t: TestApp;
let w: CadenceWorld;
let pipelineId: string;
let call: Awaited<ReturnType<typeof inProcessCaller>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
  pipelineId = (await createPipeline(t.db.ownerKnex, w.acme.id, { ownerId: w.acme.users.salesManager.id })).id;
  call = await inProcessCaller(t, w.acme.users.salesManager.token);
});
afterAll(async () => t?.close());

const leadArb = fc.record({
  dueHour: fc.integer({ min: 0, max: 20 * 24 }),
  stage: fc.integer({ min: 1, max: 5 }),
  closed: fc.boolean(),
  inFirst: fc.boolean(),
});
const dayArb = fc.integer({ min: 0, max: 20 * 4 }).map((q) => new Date(BASE + q * 6 * HOUR_MS).toISOString());
/** A final touchpoint: a new one, or one of the first ones (by index) kept by id at a maybe new date. */
const finalArb = fc.record({ at: dayArb, keep: fc.option(fc.nat(), { nil: null }) });

/** Lead state with the lock as "locked by the promotion under test", so two promotions' results compare. */
async function leadState(trx: Knex.Transaction, ids: readonly string[], promotionId: string | null): Promise<Row[]> {
  const rows = (await trx('leads')
    .whereIn('id', ids)
    .orderBy('id')
    .select(...FIELDS)) as Row[];
  return rows.map((r) => ({
    ...r,
    snappedPromotionId:
      r.snappedPromotionId === null ? null : r.snappedPromotionId === promotionId ? 'self' : r.snappedPromotionId,
  }));
}

/** Open snapshots: the immutable fields and the date of the touchpoint each lead is snapped on. */
async function snaps(trx: Knex.Transaction, promotionId: string): Promise<Row[]> {
  const rows = (await trx('promotionSnapshots as s')
    .join('promotionTouchpoints as t', (j) =>
      j.on('t.tenantId', 's.tenantId').andOn('t.promotionId', 's.promotionId').andOn('t.id', 's.touchpointId'),
    )
    .where({ 's.promotionId': promotionId })
    .whereNull('s.endedAs')
    .orderBy('s.leadId')
    .select('s.leadId', ...PRE.map((f) => `s.${f}`), 't.scheduledAt')) as Row[];
  return rows;
}

const ok = <T>(outcome: Awaited<ReturnType<typeof call>>): T => {
  if (!outcome.ok) throw new Error(`refused: ${outcome.code}`);
  return outcome.out as T;
};

describe('promotion.update snaps (property, database-backed)', () => {
  it(`update(first -> final) ends in the lead state and snapshots of create(final), and a restore after it is exact (${RUNS} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(leadArb, { minLength: 1, maxLength: 6 }),
        fc.array(dayArb, { minLength: 1, maxLength: 3 }),
        fc.array(finalArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 3 }),
        fc.constantFrom('delete', 'restore'),
        async (leads, first, final, firstWindow, finalWindow, undo) => {
          const trx = await t.db.appKnex.transaction();
          try {
            await applyScope(trx, { tenantId: w.acme.id, userId: w.acme.users.salesManager.id, clientIds: null });
            const rows = leads.map((l, i) => ({
              tenantId: w.acme.id,
              id: uuidv7(),
              pipelineId,
              ownerId: w.acme.users.salesRep.id,
              name: `L${i}`,
              stageKey: `touch${l.stage}`,
              stageStatus: l.closed ? 'completed' : 'pending',
              state: l.closed ? 'closed' : 'open',
              nextActionAt: new Date(BASE + l.dueHour * HOUR_MS),
              lastActionAt: new Date(BASE - DAY_MS),
              lastActionSource: 'create',
            }));
            await trx('leads').insert(rows);
            const ids = rows.map((r) => r.id);
            const firstIds = ids.filter((_, i) => leads[i]!.inFirst);
            const before = await leadState(trx, ids, null);
            const tp = (at: string, i: number) => ({ name: `T${i}`, scheduledAt: at });
            const finalTouchpoints = final.map((f, i) => tp(f.at, i));
            const base = { pipelineId, name: 'P', endDate: '2031-06-30T00:00:00Z' };
            const undoIt = async (id: string) =>
              ok(await call(trx, undo === 'delete' ? 'promotion.delete' : 'promotion.restore', { id }, NOW));

            // What create(final) derives, then undone.
            const direct = ok<Promo>(
              await call(
                trx,
                'promotion.create',
                { ...base, touchpoints: finalTouchpoints, leadIds: ids, snapWindowDays: finalWindow },
                NOW,
              ),
            );
            const expected = { leads: await leadState(trx, ids, direct.id), snaps: await snaps(trx, direct.id) };
            await undoIt(direct.id);
            expect(await leadState(trx, ids, null)).toEqual(before);
            if (undo === 'restore') ok(await call(trx, 'promotion.delete', { id: direct.id }, NOW));

            // create(first) over part of the cohort, then update to final over all of it.
            const start = ok<Promo>(
              await call(
                trx,
                'promotion.create',
                {
                  ...base,
                  touchpoints: first.map(tp),
                  leadIds: firstIds.length ? firstIds : ids,
                  snapWindowDays: firstWindow,
                },
                NOW,
              ),
            );
            const kept = new Set<string>();
            const written = final.map((f, i) => {
              const keepId = f.keep === null ? undefined : start.touchpoints[f.keep % start.touchpoints.length]!.id;
              if (keepId === undefined || kept.has(keepId)) return tp(f.at, i);
              kept.add(keepId);
              return { ...tp(f.at, i), id: keepId };
            });
            ok(
              await call(
                trx,
                'promotion.update',
                { id: start.id, touchpoints: written, leadIds: ids, snapWindowDays: finalWindow },
                NOW,
              ),
            );
            expect(await leadState(trx, ids, start.id)).toEqual(expected.leads);
            expect(await snaps(trx, start.id)).toEqual(expected.snaps);

            await undoIt(start.id);
            expect(await leadState(trx, ids, null)).toEqual(before);
          } finally {
            await trx.rollback();
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
