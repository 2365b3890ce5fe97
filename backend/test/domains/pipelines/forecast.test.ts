import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createOpportunity, createPipeline, createProject } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from './helpers';
import { arbForecastOpportunity, insertGenerated } from './forecastArbitraries';
import { formatCents, referenceForecast, sortedForecast, type RefOpportunity } from './forecastReference';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let locked: TestTenant;
const ids = { internal: '', northwind: '', project: '', account: '', foreignPipeline: '' };
const fixed: RefOpportunity[] = [];

beforeAll(async () => {
  t = await createTestApp();
  [acme, other, locked] = [await t.tenant(), await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  ids.project = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  ids.internal = (
    await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, defaultCurrency: 'EUR' })
  ).id;
  ids.northwind = (
    await createPipeline(db, acme.id, {
      ownerId: acme.users.salesManager.id,
      clientId: acme.clientId,
      projectIds: [ids.project],
      defaultCurrency: 'EUR',
    })
  ).id;
  ids.account = (await createAccount(db, acme.id)).id;
  ids.foreignPipeline = (await createPipeline(db, other.id)).id;
  const rep = acme.users.salesRep.id;
  const mgr = acme.users.salesManager.id;
  const rows: [string, string, string, number, string[], RefOpportunity['status'], string, string | null][] = [
    // pipeline, stage, amount, probability, tags, status, owner, closeDate
    [ids.internal, 'qualification', '1000.00', 0.1, [], 'open', rep, '2026-07-10'],
    [ids.internal, 'proposal', '2500.55', 0.35, ['commit'], 'open', rep, '2026-08-01'],
    [ids.internal, 'negotiation', '10000.00', 0.9, [], 'open', mgr, '2026-09-30'],
    [ids.internal, 'negotiation', '333.33', 0.3333, [], 'open', mgr, null],
    [ids.internal, 'closedWon', '99999.99', 1, [], 'won', rep, '2026-07-01'],
    [ids.internal, 'proposal', '700.00', 0.5, [], 'onHold', rep, '2026-07-15'],
    [ids.northwind, 'qualification', '0.05', 0.5, [], 'open', rep, '2026-07-20'],
    [ids.northwind, 'proposal', '1234.56', 0.75, ['commit'], 'open', mgr, '2026-10-01'],
  ];
  for (const [pipelineId, stage, amount, probability, tags, status, ownerId, closeDate] of rows) {
    const clientId = pipelineId === ids.northwind ? acme.clientId : null;
    const projectId = pipelineId === ids.northwind && stage === 'proposal' ? ids.project : null;
    await createOpportunity(db, acme.id, {
      pipelineId,
      clientId,
      projectId,
      stage,
      amount,
      probability,
      tags,
      status,
      ownerId,
      closeDate,
      accountId: ids.account,
    });
    fixed.push({
      amountCents: BigInt(amount.replace('.', '')),
      probability: Math.round(probability * 10000),
      tags,
      status,
      currency: 'EUR',
      stage,
      ownerId,
      clientId,
      projectId,
      closeDate,
    });
  }
  await createOpportunity(db, acme.id, {
    pipelineId: ids.internal,
    amount: '5.00',
    currency: 'USD',
    accountId: ids.account,
    ownerId: rep,
  });
  fixed.push({
    amountCents: 500n,
    probability: 1000,
    tags: [],
    status: 'open',
    currency: 'USD',
    stage: 'qualification',
    ownerId: rep,
    clientId: null,
    projectId: null,
    closeDate: null,
  });
  await createOpportunity(db, other.id, { amount: '777.00', currency: 'EUR' });
  await setRbac(t, locked.id, { analyst: { revoke: ['forecast.read'] } });
});
afterAll(async () => t?.close());

const forecast = async (input: Record<string, unknown>, token = acme.users.salesManager.token) =>
  (await expectCall(t, 'opportunity.forecast.get', input, token)).data;

describe('opportunity.forecast.get', () => {
  it('sums open opportunities of one currency exactly: totals and rollups by stage, owner, client and project', async () => {
    const data = await forecast({ currency: 'EUR' });
    expect(sortedForecast(data)).toEqual(referenceForecast(fixed, 'EUR'));
    // spelled out once: weighted 100 + 875.1925 + 9000 + 111.098889 + 0.025 + 925.92 = 11012.236389
    expect(data.totals).toEqual({ count: 6, amount: '15068.49', weighted: '11012.24', commit: '13735.11' });
    expect(referenceForecast(fixed, 'EUR').totals.weighted).toBe(formatCents(11_012_24n));
  });

  it("defaults the currency to the pipeline's, else the tenant's (USD unless settings say otherwise), and orders stages by the pipeline", async () => {
    const pipelineScoped = await forecast({ pipelineId: ids.internal });
    expect(pipelineScoped.currency).toBe('EUR');
    expect(pipelineScoped.byStage.map((s: { stage: string }) => s.stage)).toEqual([
      'qualification',
      'proposal',
      'negotiation',
    ]);
    expect(sortedForecast(pipelineScoped)).toEqual(
      referenceForecast(
        fixed.filter((o) => o.clientId === null),
        'EUR',
      ),
    );
    const tenantWide = await forecast({});
    expect(tenantWide).toMatchObject({
      currency: 'USD',
      totals: { count: 1, amount: '5.00', weighted: '0.50', commit: '0.00' },
    });
  });

  it('filters by owner, client, project and close-date period', async () => {
    const eur = (pred: (o: RefOpportunity) => boolean, period?: { from: string; to: string }) =>
      referenceForecast(fixed.filter(pred), 'EUR', period);
    expect(sortedForecast(await forecast({ currency: 'EUR', ownerId: acme.users.salesRep.id }))).toEqual(
      eur((o) => o.ownerId === acme.users.salesRep.id),
    );
    expect(sortedForecast(await forecast({ clientId: acme.clientId, currency: 'EUR' }))).toEqual(
      eur((o) => o.clientId === acme.clientId),
    );
    expect(sortedForecast(await forecast({ projectId: ids.project, currency: 'EUR' }))).toEqual(
      eur((o) => o.projectId === ids.project),
    );
    const period = { from: '2026-07-01', to: '2026-08-31' };
    const data = await forecast({ currency: 'EUR', period });
    expect(sortedForecast(data)).toEqual(eur(() => true, period));
    expect(data.totals.count).toBe(3);
    // month-aligned (read from opportunity_rollups) and not (read from opportunities)
    for (const p of [
      { from: '2026-07-01', to: '2026-07-31' },
      { from: '2026-08-01', to: '2026-10-31' },
      { from: '2026-07-15', to: '2026-09-30' },
      { from: '2026-07-01', to: '2026-09-29' },
    ]) {
      expect(sortedForecast(await forecast({ currency: 'EUR', period: p }))).toEqual(eur(() => true, p));
    }
  });

  it("shows client roles only their clients' opportunities", async () => {
    const data = await forecast({ currency: 'EUR' }, acme.users.clientViewer.token);
    expect(sortedForecast(data)).toEqual(
      referenceForecast(
        fixed.filter((o) => o.clientId === acme.clientId),
        'EUR',
      ),
    );
    expect(data.byClient.map((c: { clientId: string }) => c.clientId)).toEqual([acme.clientId]);
  });

  it("answers 400 naming the field, 422 for another tenant's pipeline, 403 without forecast.read", async () => {
    expectValidation(await t.call('opportunity.forecast.get', { currency: 'eur' }, acme.users.admin.token), 'currency');
    expectValidation(
      await t.call(
        'opportunity.forecast.get',
        { period: { from: '2026-09-01', to: '2026-01-01' } },
        acme.users.admin.token,
      ),
      'period.to',
    );
    const foreign = await t.call(
      'opportunity.forecast.get',
      { pipelineId: ids.foreignPipeline },
      acme.users.admin.token,
    );
    expect([foreign.status, foreign.body.error.code, foreign.body.error.details.field]).toEqual([
      422,
      'reference_invalid',
      'pipelineId',
    ]);
    const hidden = await t.call(
      'opportunity.forecast.get',
      { pipelineId: ids.internal },
      acme.users.clientViewer.token,
    );
    expect(hidden.status).toBe(422);
    expect((await t.call('opportunity.forecast.get', {}, locked.users.analyst.token)).status).toBe(403);
  });

  it('equals an exact-cents JS reference for random opportunities (property, 100 runs)', async () => {
    const owners = [acme.users.salesRep.id, acme.users.salesManager.id];
    const arbOpp = arbForecastOpportunity(owners, acme.clientId);
    const arbPeriod = fc.option(
      fc.tuple(fc.integer({ min: 0, max: 364 }), fc.integer({ min: 0, max: 200 })).map(([s, len]) => ({
        from: new Date(Date.UTC(2026, 0, 1 + s)).toISOString().slice(0, 10),
        to: new Date(Date.UTC(2026, 0, 1 + s + len)).toISOString().slice(0, 10),
      })),
      { nil: undefined },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(arbOpp, { maxLength: 25 }), arbPeriod, async (generated, period) => {
        const pipeline = await createPipeline(t.db.ownerKnex, acme.id, { ownerId: acme.users.salesManager.id });
        const opps = await insertGenerated(
          t.db.ownerKnex,
          { tenantId: acme.id, pipelineId: pipeline.id, accountId: ids.account, projectId: ids.project },
          generated,
        );
        const data = await forecast({ pipelineId: pipeline.id, currency: 'EUR', ...(period ? { period } : {}) });
        expect(sortedForecast(data)).toEqual(referenceForecast(opps, 'EUR', period));
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
