import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ForecastSnapshot } from '@pivotal-pm/sdk';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createOpportunity, createPipeline } from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation, setRbac, tableCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let locked: TestTenant;
const ids = { northwind: '', internal: '', account: '', foreignPipeline: '' };
const opp: Record<'won' | 'lost' | 'pushed' | 'slipped' | 'stays' | 'later', string> = {
  won: '',
  lost: '',
  pushed: '',
  slipped: '',
  stays: '',
  later: '',
};
const period = { from: '2026-07-01', to: '2026-09-30' };
let first: ForecastSnapshot;
let second: ForecastSnapshot;

beforeAll(async () => {
  t = await createTestApp();
  [acme, other, locked] = [await t.tenant(), await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  ids.northwind = (
    await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, clientId: acme.clientId })
  ).id;
  ids.internal = (await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id })).id;
  ids.account = (await createAccount(db, acme.id)).id;
  ids.foreignPipeline = (await createPipeline(db, other.id)).id;
  const make = (name: string, closeDate: string) =>
    createOpportunity(db, acme.id, {
      pipelineId: ids.northwind,
      clientId: acme.clientId,
      accountId: ids.account,
      name,
      closeDate,
      amount: '100.00',
      probability: 0.5,
    });
  opp.won = (await make('Won', '2026-07-10')).id;
  opp.lost = (await make('Lost', '2026-07-11')).id;
  opp.pushed = (await make('Pushed', '2026-07-12')).id;
  opp.slipped = (await make('Slipped', '2026-09-01')).id;
  opp.stays = (await make('Stays', '2026-08-01')).id;
  opp.later = (await make('Later', '2026-12-01')).id;
  await setRbac(t, locked.id, { analyst: { revoke: ['forecast.read'] } });
});
afterAll(async () => t?.close());

describe('forecast.snapshot.create', () => {
  it('freezes the forecast and every opportunity of the scope; the first of a scope has no diff', async () => {
    const { data } = await expectCall(
      t,
      'forecast.snapshot.create',
      { pipelineId: ids.northwind, period, label: 'W27' },
      acme.users.salesManager.token,
    );
    first = data;
    const live = (
      await expectCall(
        t,
        'opportunity.forecast.get',
        { pipelineId: ids.northwind, period },
        acme.users.salesManager.token,
      )
    ).data;
    expect(data).toMatchObject({
      pipelineId: ids.northwind,
      clientId: acme.clientId,
      projectId: null,
      period,
      label: 'W27',
      takenBy: acme.users.salesManager.id,
      previousSnapshotId: null,
      diff: null,
      forecast: live,
    });
    expect(data.forecast.totals).toEqual({ count: 5, amount: '500.00', weighted: '250.00', commit: '0.00' });
    const row = await t.db.ownerKnex('forecastSnapshots').where({ tenantId: acme.id, id: data.id }).first();
    expect(row.period).toEqual(period);
    expect(row.data.opportunities).toHaveLength(5);
    expect(row.data.opportunities.find((o: { id: string }) => o.id === opp.won)).toEqual({
      id: opp.won,
      name: 'Won',
      stage: 'qualification',
      amount: '100.00',
      probability: 0.5,
      closeDate: '2026-07-10',
      status: 'open',
    });
    const [audit] = await auditOf(t.db.ownerKnex, acme.id, 'forecast.snapshot.create');
    expect(audit).toMatchObject({
      targetType: 'forecastSnapshot',
      targetId: data.id,
      after: { label: 'W27', opportunityCount: 5 },
    });
    expect(await eventsOf(t.db.ownerKnex, acme.id)).toEqual([]);
  });

  it('diffs against the previous snapshot of the scope: slipped, pushed, new, won and lost', async () => {
    const rep = acme.users.salesManager.token;
    await expectCall(t, 'opportunity.win', { id: opp.won, reason: 'Signed' }, rep);
    await expectCall(t, 'opportunity.lose', { id: opp.lost, reason: 'Budget' }, rep);
    await expectCall(t, 'opportunity.update', { id: opp.pushed, closeDate: '2026-08-15' }, rep);
    await expectCall(t, 'opportunity.update', { id: opp.slipped, closeDate: '2026-10-15' }, rep);
    await expectCall(t, 'opportunity.update', { id: opp.later, closeDate: '2026-09-15' }, rep);
    const { data } = await expectCall(t, 'forecast.snapshot.create', { pipelineId: ids.northwind, period }, rep);
    second = data;
    const entry = (
      id: string,
      name: string,
      previousCloseDate: string | null,
      closeDate: string,
      stage = 'qualification',
    ) => ({ opportunityId: id, name, stage, amount: '100.00', previousCloseDate, closeDate });
    expect(data.previousSnapshotId).toBe(first.id);
    expect(data.diff).toEqual({
      slipped: [entry(opp.slipped, 'Slipped', '2026-09-01', '2026-10-15')],
      pushed: [entry(opp.pushed, 'Pushed', '2026-07-12', '2026-08-15')],
      new: [entry(opp.later, 'Later', null, '2026-09-15')],
      won: [entry(opp.won, 'Won', '2026-07-10', '2026-07-10', 'closedWon')],
      lost: [entry(opp.lost, 'Lost', '2026-07-11', '2026-07-11', 'closedLost')],
    });
    expect(data.forecast.totals.count).toBe(3);
    // another scope has its own chain
    const internal = await expectCall(t, 'forecast.snapshot.create', { pipelineId: ids.internal, period }, rep);
    expect(internal.data).toMatchObject({ previousSnapshotId: null, diff: null, clientId: null });
  });

  it("answers 400 naming the field, 422 for another tenant's pipeline and 403 without forecast.manage, writing nothing", async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(
      await t.call('forecast.snapshot.create', { pipelineId: ids.northwind }, acme.users.admin.token),
      'period',
    );
    expectValidation(
      await t.call(
        'forecast.snapshot.create',
        { period: { from: '2026-09-01', to: '2026-01-01' } },
        acme.users.admin.token,
      ),
      'period.to',
    );
    expectValidation(await t.call('forecast.snapshot.create', { period, label: '' }, acme.users.admin.token), 'label');
    const foreign = await t.call(
      'forecast.snapshot.create',
      { pipelineId: ids.foreignPipeline, period },
      acme.users.admin.token,
    );
    expect([foreign.status, foreign.body.error.code]).toEqual([422, 'reference_invalid']);
    for (const role of ['salesRep', 'analyst', 'clientViewer'] as const) {
      expect((await t.call('forecast.snapshot.create', { period }, acme.users[role].token)).status, role).toBe(403);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});

describe('forecast.snapshot.list', () => {
  it('lists snapshots newest first with their diffs, filtered by scope and time, walking pages through the SDK', async () => {
    const listed = await expectCall(t, 'forecast.snapshot.list', {}, acme.users.analyst.token);
    expect(listed.data.map((s: ForecastSnapshot) => s.id).slice(1)).toEqual([second.id, first.id]);
    expect(listed.data[1]).toEqual(second);
    const pages: string[] = [];
    for await (const s of t.client(acme.users.admin.token).forecast.snapshot.list({ limit: 1 })) pages.push(s.id);
    expect(pages).toEqual(listed.data.map((s: ForecastSnapshot) => s.id));
    const ofPipeline = await expectCall(
      t,
      'forecast.snapshot.list',
      { pipelineId: ids.northwind },
      acme.users.admin.token,
    );
    expect(ofPipeline.data.map((s: ForecastSnapshot) => s.id)).toEqual([second.id, first.id]);
    const ofClient = await expectCall(
      t,
      'forecast.snapshot.list',
      { clientId: acme.clientId, takenTo: first.takenAt },
      acme.users.admin.token,
    );
    expect(ofClient.data.map((s: ForecastSnapshot) => s.id)).toEqual([first.id]);
    const after = await expectCall(t, 'forecast.snapshot.list', { takenFrom: second.takenAt }, acme.users.admin.token);
    expect(after.data.map((s: ForecastSnapshot) => s.id)).not.toContain(first.id);
  });

  it("shows client roles only their clients' snapshots, and no tenant another tenant's", async () => {
    const viewer = await expectCall(t, 'forecast.snapshot.list', {}, acme.users.clientViewer.token);
    expect(viewer.data.map((s: ForecastSnapshot) => s.id)).toEqual([second.id, first.id]);
    expect((await expectCall(t, 'forecast.snapshot.list', {}, other.users.admin.token)).data).toEqual([]);
    expect(
      (await expectCall(t, 'forecast.snapshot.list', { pipelineId: ids.foreignPipeline }, acme.users.admin.token)).data,
    ).toEqual([]);
  });

  it('answers 400 naming the field and 403 without forecast.read', async () => {
    expectValidation(
      await t.call('forecast.snapshot.list', { takenFrom: 'yesterday' }, acme.users.admin.token),
      'takenFrom',
    );
    expectValidation(await t.call('forecast.snapshot.list', { pipelineId: 'x' }, acme.users.admin.token), 'pipelineId');
    expect((await t.call('forecast.snapshot.list', {}, locked.users.analyst.token)).status).toBe(403);
  });
});
