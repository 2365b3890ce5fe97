import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isMonthAligned } from '#domains/pipelines/forecast';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createOpportunity, createPipeline, createProject } from '../../helpers/factories';
import { expectCall } from './helpers';
import { arbForecastOpportunity, insertGenerated } from './forecastArbitraries';
import { referenceForecast, sortedForecast, type RefOpportunity } from './forecastReference';

let t: TestApp;
let acme: TestTenant;
const ids = { pipeline: '', project: '', account: '' };

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  const db = t.db.ownerKnex;
  ids.project = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  ids.pipeline = (
    await createPipeline(db, acme.id, {
      ownerId: acme.users.salesManager.id,
      clientId: acme.clientId,
      projectIds: [ids.project],
      defaultCurrency: 'EUR',
    })
  ).id;
  ids.account = (await createAccount(db, acme.id, { clientId: acme.clientId })).id;
});
afterAll(async () => t?.close());

const forecast = async (input: Record<string, unknown>, token = acme.users.salesManager.token) =>
  (await expectCall(t, 'opportunity.forecast.get', input, token)).data;

/** The rollup rows of the tenant, and the same rows freshly aggregated from `opportunities` (owner: RLS bypassed). */
async function rollupVsBase(tenantId: string) {
  const cols = `pipeline_id, currency, stage, owner_id, client_id, project_id, close_month, is_commit`;
  const order = `ORDER BY ${cols}`;
  const rollup = await t.db.ownerKnex.raw(
    `SELECT ${cols}, count, amount::text, weighted_units::text FROM opportunity_rollups WHERE tenant_id = ? ${order}`,
    [tenantId],
  );
  const base = await t.db.ownerKnex.raw(
    `
    SELECT ${cols}, count::int, amount::text, weighted_units::text FROM (
      SELECT pipeline_id, currency, stage, owner_id, client_id, project_id, date_trunc('month', close_date)::date AS close_month,
             coalesce(probability >= 0.9 OR 'commit' = ANY (tags), false) AS is_commit, count(*) AS count, sum(amount) AS amount,
             sum(amount * round(probability * 1000000000)::int8) AS weighted_units
        FROM opportunities WHERE tenant_id = ? AND status = 'open' GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) b ${order}`,
    [tenantId],
  );
  return { rollup: rollup.rows, base: base.rows };
}

/** Every opportunity of the tenant, as the JS reference sees it. */
async function currentOpportunities(tenantId: string): Promise<RefOpportunity[]> {
  const rows = await t.db.ownerKnex('opportunities').where({ tenantId });
  return rows.map((r: Record<string, any>) => ({
    amountCents: BigInt(String(r.amount).replace('.', '')),
    probability: Math.round(r.probability * 10000),
    tags: r.tags,
    status: r.status,
    currency: r.currency,
    stage: r.stage,
    ownerId: r.ownerId,
    clientId: r.clientId,
    projectId: r.projectId,
    closeDate:
      r.closeDate === null
        ? null
        : typeof r.closeDate === 'string'
          ? r.closeDate
          : new Date(r.closeDate.getTime() - r.closeDate.getTimezoneOffset() * 60_000).toISOString().slice(0, 10),
  }));
}

describe('opportunity_rollups', () => {
  it('tells month-aligned periods (read from the rollup) from the others', () => {
    expect(isMonthAligned({ from: '2026-01-01', to: '2026-01-31' })).toBe(true);
    expect(isMonthAligned({ from: '2026-02-01', to: '2026-02-28' })).toBe(true);
    expect(isMonthAligned({ from: '2028-02-01', to: '2028-02-29' })).toBe(true);
    expect(isMonthAligned({ from: '2028-02-01', to: '2028-02-28' })).toBe(false);
    expect(isMonthAligned({ from: '2026-01-01', to: '2026-12-31' })).toBe(true);
    expect(isMonthAligned({ from: '2026-01-02', to: '2026-01-31' })).toBe(false);
    expect(isMonthAligned({ from: '2026-01-01', to: '2026-01-30' })).toBe(false);
  });

  it('stays equal to a fresh base-table aggregate through moveStage, update, win, lose, reopen and delete', async () => {
    const rep = acme.users.salesRep;
    const mgr = acme.users.salesManager;
    const make = (values: Record<string, unknown>) =>
      createOpportunity(t.db.ownerKnex, acme.id, {
        pipelineId: ids.pipeline,
        clientId: acme.clientId,
        accountId: ids.account,
        ownerId: rep.id,
        amount: '1000.00',
        probability: 0.2,
        closeDate: '2026-03-15',
        ...values,
      });
    const [a, b, c, d, e] = [
      await make({}),
      await make({ stage: 'proposal', amount: '2500.55', tags: ['commit'] }),
      await make({ closeDate: null }),
      await make({ stage: 'negotiation', probability: 0.95 }),
      await make({ amount: '0.01', projectId: ids.project }),
    ];
    const check = async () => {
      const { rollup, base } = await rollupVsBase(acme.id);
      expect(rollup).toEqual(base);
      const opps = await currentOpportunities(acme.id);
      for (const period of [
        undefined,
        { from: '2026-03-01', to: '2026-03-31' },
        { from: '2026-01-01', to: '2026-06-30' },
        { from: '2026-03-10', to: '2026-05-20' },
      ]) {
        const data = await forecast({ pipelineId: ids.pipeline, ...(period ? { period } : {}) });
        expect(sortedForecast(data)).toEqual(referenceForecast(opps, 'EUR', period));
      }
      expect(sortedForecast(await forecast({ ownerId: mgr.id, currency: 'EUR' }))).toEqual(
        referenceForecast(
          opps.filter((o) => o.ownerId === mgr.id),
          'EUR',
        ),
      );
      expect(sortedForecast(await forecast({ projectId: ids.project, currency: 'EUR' }))).toEqual(
        referenceForecast(
          opps.filter((o) => o.projectId === ids.project),
          'EUR',
        ),
      );
      expect(sortedForecast(await forecast({ currency: 'EUR' }, acme.users.clientViewer.token))).toEqual(
        referenceForecast(
          opps.filter((o) => o.clientId === acme.clientId),
          'EUR',
        ),
      );
    };
    await check();
    await expectCall(t, 'opportunity.moveStage', { id: a.id, stage: 'proposal' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.moveStage', { id: b.id, stage: 'negotiation' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: a.id, amount: '1234.56' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: a.id, probability: 0.91 }, rep.token);
    await check();
    await expectCall(
      t,
      'opportunity.update',
      { id: c.id, tags: ['commit', 'vip'], closeDate: '2026-04-30' },
      rep.token,
    );
    await check();
    await expectCall(
      t,
      'opportunity.update',
      { id: c.id, tags: [], closeDate: null, amount: '-50.00', probability: 0.1235 },
      rep.token,
    );
    await check();
    await expectCall(t, 'opportunity.update', { id: e.id, ownerId: mgr.id, currency: 'USD' }, mgr.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: e.id, currency: 'EUR', projectId: null }, mgr.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: a.id, name: 'Renamed only' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.win', { id: d.id, reason: 'Signed' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.lose', { id: b.id, reason: 'Budget' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: a.id, status: 'onHold' }, rep.token);
    await check();
    await expectCall(t, 'opportunity.update', { id: a.id, status: 'open' }, rep.token);
    await check();
    await t.db.ownerKnex('opportunities').where({ tenantId: acme.id, id: c.id }).delete();
    await check();
    // Rows whose count reached 0 are gone: every rollup row counts at least one opportunity.
    expect(
      (await t.db.ownerKnex('opportunity_rollups').where({ tenantId: acme.id }).where('count', '<=', 0)).length,
    ).toBe(0);
  });

  it('equals the exact-cents reference for random opportunities and month-aligned periods (property, 50 runs)', async () => {
    const owners = [acme.users.salesRep.id, acme.users.salesManager.id];
    const arbOpp = arbForecastOpportunity(owners, acme.clientId);
    const arbPeriod = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 0, max: 6 })).map(([m, len]) => ({
      from: new Date(Date.UTC(2026, m, 1)).toISOString().slice(0, 10),
      to: new Date(Date.UTC(2026, m + len + 1, 0)).toISOString().slice(0, 10),
    }));
    await fc.assert(
      fc.asyncProperty(fc.array(arbOpp, { maxLength: 25 }), arbPeriod, async (generated, period) => {
        expect(isMonthAligned(period)).toBe(true);
        const pipeline = await createPipeline(t.db.ownerKnex, acme.id, { ownerId: acme.users.salesManager.id });
        const opps = await insertGenerated(
          t.db.ownerKnex,
          { tenantId: acme.id, pipelineId: pipeline.id, accountId: ids.account, projectId: ids.project },
          generated,
        );
        const data = await forecast({ pipelineId: pipeline.id, currency: 'EUR', period });
        expect(sortedForecast(data)).toEqual(referenceForecast(opps, 'EUR', period));
      }),
      { numRuns: 50 },
    );
    const { rollup, base } = await rollupVsBase(acme.id);
    expect(rollup).toEqual(base);
  }, 120_000);
});
