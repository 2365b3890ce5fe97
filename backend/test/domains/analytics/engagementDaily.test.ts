import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createEngagement, createOpportunity } from '../../helpers/factories';

let t: TestApp;
let acme: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
});
afterAll(async () => t?.close());

const TYPES = ['email_in', 'email_out', 'call_out', 'meeting', 'note'] as const;

/** The rollup's counts and the same counts from the engagement log itself, by day, actor and type. */
async function both() {
  const db = t.db.ownerKnex;
  const rollup = await db.raw(
    `SELECT day::text, actor_id, type, connected, sum(count)::int AS n FROM engagement_daily WHERE tenant_id = ?
      GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4`,
    [acme.id],
  );
  const raw = await db.raw(
    `SELECT (occurred_at AT TIME ZONE 'UTC')::date::text AS day, actor_id, type,
            coalesce(meta ->> 'disposition' = 'connected', false) AS connected, count(*)::int AS n
       FROM engagements WHERE tenant_id = ? GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    [acme.id],
  );
  return [rollup.rows, raw.rows];
}

describe('engagement_daily (the rollup behind rep and engagement analytics)', () => {
  it('equals the engagement log after any inserts, changes and deletes (property)', async () => {
    const db = t.db.ownerKnex;
    const opp = await createOpportunity(db, acme.id, { ownerId: acme.users.salesRep.id });
    const actors = [acme.users.salesRep.id, acme.users.salesManager.id];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            type: fc.constantFrom(...TYPES),
            actor: fc.constantFrom(...actors),
            daysAgo: fc.integer({ min: 0, max: 5 }),
            connected: fc.boolean(),
            then: fc.constantFrom('keep', 'retype', 'delete'),
          }),
          { maxLength: 6 },
        ),
        async (steps) => {
          for (const s of steps) {
            const e = await createEngagement(db, acme.id, {
              accountId: opp.accountId,
              opportunityId: opp.id,
              actorId: s.actor,
              type: s.type,
              meta: s.connected ? { disposition: 'connected' } : {},
              occurredAt: new Date(Date.now() - s.daysAgo * 86_400_000),
            } as never);
            if (s.then === 'retype')
              await db('engagements').where({ tenantId: acme.id, id: e.id }).update({ type: 'meeting', meta: {} });
            if (s.then === 'delete') await db('engagements').where({ tenantId: acme.id, id: e.id }).delete();
          }
          const [rollup, raw] = await both();
          expect(rollup).toEqual(raw);
        },
      ),
      { numRuns: 15 },
    );
  });
});
