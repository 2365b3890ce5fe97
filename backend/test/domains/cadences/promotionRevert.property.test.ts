import fc from 'fast-check';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { applyScope } from '#db/tenantTx';
import { rolloverCadence } from '#domains/cadences/jobs';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createPipeline } from '../../helpers/factories';
import { inProcessCaller } from './invoke';
import { buildCadenceWorld, type CadenceWorld } from './world';

const RUNS = 1000;
const DAY_MS = 86_400_000;
const NOW = new Date('2031-06-09T12:00:00Z');
const BASE = Date.parse('2031-06-05T09:00:00Z');
const TOUCHPOINTS = [
  { name: 'Mail', scheduledAt: '2031-06-11T10:00:00Z' },
  { name: 'Call', scheduledAt: '2031-06-18T10:00:00Z' },
];
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
type Sched = Record<(typeof FIELDS)[number], unknown>;

let t: TestApp;
let w: CadenceWorld;
let pipelineId: string;
let call: Awaited<ReturnType<typeof inProcessCaller>>;
beforeAll(async () => {
  t = await createTestApp();
  w = await buildCadenceWorld(t);
  pipelineId = (await createPipeline(t.db.ownerKnex, w.acme.id, { ownerId: w.acme.users.salesManager.id })).id;
  await t.call('cadence.update', { pipelineId, dayStartTime: '09:00' }, w.acme.users.salesManager.token);
  call = await inProcessCaller(t, w.acme.users.salesManager.token);
});
afterAll(async () => t?.close());

const leadArb = fc.record({ dueDay: fc.integer({ min: 0, max: 20 }), stage: fc.integer({ min: 1, max: 5 }) });
const opArb = fc.record({
  kind: fc.constantFrom('complete', 'push', 'reschedule', 'update', 'rollover'),
  lead: fc.nat(),
  force: fc.boolean(),
  preset: fc.constantFrom('laterToday', 'tomorrowMorning', 'nextWeek'),
  day: fc.integer({ min: 0, max: 30 }),
  stage: fc.integer({ min: 1, max: 5 }),
});
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

async function schedules(trx: Knex.Transaction, ids: readonly string[]): Promise<Map<string, Sched>> {
  const rows = (await trx('leads')
    .whereIn('id', ids)
    .select(...FIELDS)) as Sched[];
  return new Map(rows.map((r) => [r.id as string, r]));
}

function runOp(trx: Knex.Transaction, op: Op, leadId: string) {
  const force = op.force;
  if (op.kind === 'complete') return call(trx, 'lead.complete', { id: leadId, force }, NOW);
  if (op.kind === 'push') return call(trx, 'lead.push', { id: leadId, preset: op.preset, force }, NOW);
  if (op.kind === 'reschedule')
    return call(
      trx,
      'lead.reschedule',
      { id: leadId, nextActionAt: new Date(BASE + op.day * DAY_MS).toISOString(), force },
      NOW,
    );
  if (op.kind === 'update') return call(trx, 'lead.update', { id: leadId, stageKey: `touch${op.stage}`, force }, NOW);
  return trx.transaction((sp) =>
    rolloverCadence(sp, { tenantId: w.acme.id, pipelineId, dayStartTime: '09:00' }, 'UTC', NOW),
  );
}

describe('promotion revert (property, database-backed)', () => {
  it(`create a promotion, apply any sequence of lead operations, delete it: untouched leads are exactly as before, touched locked leads show a release (${RUNS} runs)`, async () => {
    const knex = t.db.appKnex;
    await fc.assert(
      fc.asyncProperty(
        fc.array(leadArb, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(opArb, { maxLength: 8 }),
        async (leads, windowDays, ops) => {
          const trx = await knex.transaction();
          try {
            await applyScope(trx, { tenantId: w.acme.id, userId: w.acme.users.salesManager.id, clientIds: null });
            const rows = leads.map((l, i) => ({
              tenantId: w.acme.id,
              id: uuidv7(),
              pipelineId,
              ownerId: w.acme.users.salesRep.id,
              name: `L${i}`,
              stageKey: `touch${l.stage}`,
              stageStatus: 'pending',
              state: 'open',
              nextActionAt: new Date(BASE + l.dueDay * DAY_MS),
              lastActionAt: new Date(BASE - DAY_MS),
              lastActionSource: 'create',
            }));
            await trx('leads').insert(rows);
            const ids = rows.map((r) => r.id);
            const before = await schedules(trx, ids);
            const created = await call(
              trx,
              'promotion.create',
              {
                pipelineId,
                name: 'P',
                endDate: '2031-06-30T00:00:00Z',
                touchpoints: TOUCHPOINTS,
                leadIds: ids,
                snapWindowDays: windowDays,
              },
              NOW,
            );
            expect(created.ok).toBe(true);
            const promotionId = (created as { out: { id: string } }).out.id;
            const touched = new Set<string>();
            const releasedByForce = new Set<string>();
            let prior = await schedules(trx, ids);
            for (const op of ops) {
              const target = ids[op.lead % ids.length]!;
              const outcome = (await runOp(trx, op, target)) as { ok: boolean; code?: string };
              const after = await schedules(trx, ids);
              for (const id of ids) {
                const was = prior.get(id)!;
                const now = after.get(id)!;
                if (JSON.stringify(was) === JSON.stringify(now)) continue;
                touched.add(id);
                // A locked lead changes only by a forced operation on it, which clears the lock.
                if (was.snappedPromotionId !== null) {
                  expect(op.kind !== 'rollover' && op.force && id === target).toBe(true);
                  expect(now.snappedPromotionId).toBeNull();
                  releasedByForce.add(id);
                }
              }
              // Unforced on a locked lead: refused with lead_locked (or a no-op edit, which changed nothing above).
              if (
                op.kind !== 'rollover' &&
                !op.force &&
                prior.get(target)!.snappedPromotionId !== null &&
                !outcome.ok
              ) {
                expect(outcome.code).toBe('lead_locked');
              }
              prior = after;
            }
            const deleted = await call(trx, 'promotion.delete', { id: promotionId }, NOW);
            expect(deleted.ok).toBe(true);
            const final = await schedules(trx, ids);
            for (const id of ids) {
              if (!touched.has(id)) expect(final.get(id)).toEqual(before.get(id));
              expect(final.get(id)!.snappedPromotionId).toBeNull();
            }
            const releases = (await trx('leadLockReleases')
              .whereIn('leadId', ids)
              .where({ promotionId })
              .select('leadId')) as { leadId: string }[];
            expect(new Set(releases.map((r) => r.leadId))).toEqual(releasedByForce);
          } finally {
            await trx.rollback();
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 600_000);
});
