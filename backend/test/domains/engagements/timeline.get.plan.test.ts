import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyScope } from '#db/tenantTx';
import type { TimeIdCursor } from '#domains/shared/keyset';
import { genericPlanStatement } from '#domains/engagements/genericPlan';
import { runTimelineQuery, timelineSql } from '#domains/engagements/timelineQuery';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createOpportunity, createTask } from '../../helpers/factories';
import { buildWorld, type World } from './world';

/** Inserts `count` engagements of one opportunity spread evenly over [from, from + days). */
async function seedEngagements(
  t: TestApp,
  w: World,
  opportunityId: string,
  count: number,
  from: string,
  days: number,
): Promise<void> {
  await t.db.ownerKnex.raw(
    `INSERT INTO engagements (tenant_id, id, occurred_at, opportunity_id, account_id, client_id, actor_id, type, channel, subject, body_preview)
     SELECT ?, gen_random_uuid(), ?::timestamptz + (i * (? * interval '1 day') / ?), ?, ?, ?, ?,
            (ARRAY['note','call_out','email_in','meeting'])[1 + i % 4], (ARRAY['inapp','phone','email','calendar'])[1 + i % 4],
            'Subject ' || i, repeat('preview ', 20)
       FROM generate_series(0, ? - 1) AS i`,
    [w.acme.id, from, days, count, opportunityId, w.clientAccountId, w.acme.clientId, w.acme.users.salesRep.id, count],
  );
}

describe('timeline.get', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    // The benchmarked opportunity: 2,000 engagements over 12 monthly partitions (Dec 2025 .. Nov 2026), 20 tasks.
    await seedEngagements(t, w, w.clientOppId, 2000, '2025-12-01T00:00:00Z', 360);
    for (let i = 0; i < 20; i++) {
      await createTask(t.db.ownerKnex, w.acme.id, {
        ownerId: w.acme.users.salesRep.id,
        opportunityId: w.clientOppId,
        clientId: w.acme.clientId,
        dueAt: new Date(Date.UTC(2026, i % 12, 5 + i)),
      });
    }
    // Noise: 5 more opportunities of the same account with 2,000 engagements each.
    for (let i = 0; i < 5; i++) {
      const opp = await createOpportunity(t.db.ownerKnex, w.acme.id, {
        accountId: w.clientAccountId,
        clientId: w.acme.clientId,
        ownerId: w.acme.users.salesRep.id,
      });
      await seedEngagements(t, w, opp.id, 2000, '2025-12-01T00:00:00Z', 360);
    }
    await t.db.ownerKnex.raw('ANALYZE engagements; ANALYZE tasks');
  }, 120_000);
  afterAll(async () => t?.close());

  it('spreads the benchmarked opportunity over 12 monthly partitions', async () => {
    const { rows } = await t.db.ownerKnex.raw(
      `SELECT count(DISTINCT tableoid::regclass) AS parts, count(*) AS n FROM engagements WHERE opportunity_id = ?`,
      [w.clientOppId],
    );
    expect(Number(rows[0].parts)).toBe(12);
    expect(Number(rows[0].n)).toBe(2000);
  });

  it('prints the generic plan of the merged query (first page and a page from May) as the app role', async () => {
    const plan = async (cursor: TimeIdCursor | null) => {
      const q = {
        tenantId: w.acme.id,
        anchor: { kind: 'opportunity', id: w.clientOppId },
        engagementTypes: null,
        includeTasks: true,
        cursor,
        take: 51,
        now: new Date(),
      } as const;
      return t.db.appKnex.transaction(async (trx) => {
        await applyScope(trx, { tenantId: w.acme.id, userId: w.acme.users.salesRep.id, clientIds: null });
        // Prepares the named statement on this connection exactly as the handler does, then explains it.
        const rows = await runTimelineQuery(trx, q);
        expect(rows).toHaveLength(51);
        const { sql, bindings } = timelineSql(q);
        const literal = (v: unknown) =>
          v instanceof Date ? `'${v.toISOString()}'` : typeof v === 'number' ? String(v) : `'${String(v)}'`;
        const res = await trx.raw(
          `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE ${await genericPlanStatement(trx, 'timeline', sql)}(${bindings.map(literal).join(', ')})`,
        );
        return (res.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).join('\n');
      });
    };
    const first = await plan(null);
    const deep = await plan({ at: '2026-05-01T00:00:00.000000Z', id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' });
    console.log(`timeline.get, first page:\n${first}\n\ntimeline.get, page from 2026-05-01:\n${deep}`);
    for (const text of [first, deep]) {
      expect(text).toMatch(/Merge Append/);
      expect(text).toMatch(
        /Index Scan using engagements_y2026m\d+_tenant_id_opportunity_id_occurred_at_i\w* on engagements_y2026m\d+/,
      );
      expect(text).not.toMatch(/Bitmap Heap Scan on engagements|Seq Scan on engagements_y2026/);
    }
    expect(deep).toMatch(/Subplans Removed: \d+/);
  });
});
