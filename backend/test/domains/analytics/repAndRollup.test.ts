import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createEngagement, createOpportunity, createPipeline, createProject } from '../../helpers/factories';
import { expectCall, expectValidation } from '../pipelines/helpers';
import { breachAt } from './breaches';
import { daysAgo, moveAt } from './history';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let projectId: string;
const now = new Date();
const period = { from: daysAgo(now, 30).toISOString().slice(0, 10), to: now.toISOString().slice(0, 10) };

beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const rep = acme.users.salesRep.id;
  // Amounts are summed in the tenant's currency (the factories make EUR deals).
  await db('tenants')
    .where({ id: acme.id })
    .update({ settings: JSON.stringify({ defaultCurrency: 'EUR' }) });
  t.services.tenants.invalidate(acme.id);
  projectId = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  const internal = await createPipeline(db, acme.id, {
    ownerId: acme.users.salesManager.id,
    slaPolicy: { defaultMaxIdleHours: 48 } as never,
  });
  const client = await createPipeline(db, acme.id, {
    ownerId: acme.users.salesManager.id,
    clientId: acme.clientId,
    projectIds: [projectId],
  } as never);
  // The rep: two wins (1000 and 3000), one loss, one idle open deal past its limit, one fresh.
  for (const [amount, outcome] of [
    ['1000.00', 'closedWon'],
    ['3000.00', 'closedWon'],
    ['500.00', 'closedLost'],
  ] as const) {
    const o = await createOpportunity(db, acme.id, {
      pipelineId: internal.id,
      ownerId: rep,
      amount,
      createdAt: daysAgo(now, 20),
    } as never);
    await moveAt(db, acme.id, o.id, outcome, daysAgo(now, 5), outcome === 'closedLost' ? 'budget' : null);
  }
  const idle = await createOpportunity(db, acme.id, {
    pipelineId: internal.id,
    ownerId: rep,
    stageEnteredAt: daysAgo(now, 10),
  } as never);
  // The engine recorded its breach 8 days ago; still open.
  await breachAt(db, acme.id, idle as never, daysAgo(now, 8));
  const fresh = await createOpportunity(db, acme.id, {
    pipelineId: internal.id,
    ownerId: rep,
    lastActivityAt: now,
  } as never);
  for (const [type, meta] of [
    ['email_out', {}],
    ['email_out', {}],
    ['call_out', { disposition: 'connected' }],
    ['call_out', { disposition: 'no_answer' }],
    ['meeting', {}],
  ] as const)
    await createEngagement(db, acme.id, {
      accountId: fresh.accountId,
      opportunityId: fresh.id,
      actorId: rep,
      type,
      meta,
      occurredAt: daysAgo(now, 2),
    } as never);
  await db('tasks').insert([
    {
      tenantId: acme.id,
      id: '00000000-0000-7000-8000-0000000b0001',
      type: 'todo',
      title: 'Done',
      ownerId: rep,
      status: 'completed',
      completedAt: daysAgo(now, 1),
      dueAt: daysAgo(now, 2),
    },
    {
      tenantId: acme.id,
      id: '00000000-0000-7000-8000-0000000b0002',
      type: 'todo',
      title: 'Late',
      ownerId: rep,
      status: 'open',
      dueAt: daysAgo(now, 1),
    },
  ]);
  // Client deals: one open in the project (2000 at 0.5), one won without a project (700).
  await createOpportunity(db, acme.id, {
    pipelineId: client.id,
    clientId: acme.clientId,
    projectId,
    ownerId: rep,
    amount: '2000.00',
    probability: 0.5,
  } as never);
  const won = await createOpportunity(db, acme.id, {
    pipelineId: client.id,
    clientId: acme.clientId,
    ownerId: rep,
    amount: '700.00',
  } as never);
  await moveAt(db, acme.id, won.id, 'closedWon', daysAgo(now, 3));
});
afterAll(async () => t?.close());

describe('rep.performance.get', () => {
  it("answers the caller's activity and outcomes, with the team's sum", async () => {
    const r = (await expectCall(t, 'rep.performance.get', { period }, acme.users.salesRep.token)).data;
    expect(r.reps).toHaveLength(1);
    expect(r.reps[0]).toMatchObject({
      userId: acme.users.salesRep.id,
      emailsSent: 2,
      callsMade: 2,
      callsConnected: 1,
      meetingsBooked: 1,
      tasksCompleted: 1,
      tasksOverdue: 1,
      won: 3,
      lost: 1,
      winRate: 0.75,
      wonAmount: '4700.00',
      averageDealSize: '1566.66',
      currency: 'EUR',
    });
    // Seven deals open in the period (the closed ones closed inside it); only the idle one was breached: 6/7.
    expect(r.reps[0].slaAdherence).toBe(0.8571);
    expect(r.team).toMatchObject({ emailsSent: 2, won: 3, wonAmount: '4700.00' });
  });

  it('lets a manager see every seller, and refuses a rep asking about another, and a client viewer', async () => {
    const all = (await expectCall(t, 'rep.performance.get', { period }, acme.users.salesManager.token)).data;
    expect(all.reps.map((r: { userId: string }) => r.userId)).toEqual(
      expect.arrayContaining([acme.users.salesRep.id, acme.users.salesManager.id]),
    );
    const other_ = await t.call(
      'rep.performance.get',
      { period, userIds: [acme.users.salesManager.id] },
      acme.users.salesRep.token,
    );
    expect([other_.status, other_.body.error.code]).toEqual([403, 'forbidden']);
    expect((await t.call('rep.performance.get', { period }, acme.users.clientViewer.token)).status).toBe(403);
  });

  it("answers 400 naming the field and 422 for another tenant's user", async () => {
    expectValidation(await t.call('rep.performance.get', {}, acme.users.salesManager.token), 'period');
    expectValidation(
      await t.call('rep.performance.get', { period, userIds: ['x'] }, acme.users.salesManager.token),
      'userIds.0',
    );
    const res = await t.call(
      'rep.performance.get',
      { period, userIds: [other.users.salesRep.id] },
      acme.users.salesManager.token,
    );
    expect([res.status, res.body.error.details.field]).toEqual([422, 'userIds.0']);
  });
});

describe('rollup.get', () => {
  it('rolls clients up with their projects: open, weighted, won, lost and engagements', async () => {
    const r = (await expectCall(t, 'rollup.get', { period }, acme.users.salesManager.token)).data;
    expect(r.currency).toBe('EUR');
    expect(r.clients).toHaveLength(1);
    expect(r.clients[0]).toMatchObject({
      clientId: acme.clientId,
      openCount: 1,
      openAmount: '2000.00',
      weighted: '1000.00',
      wonCount: 1,
      wonAmount: '700.00',
    });
    expect(r.clients[0].projects).toEqual([
      expect.objectContaining({ projectId, openCount: 1, weighted: '1000.00', wonCount: 0 }),
    ]);
    // A client viewer sees their client's rollup too.
    const viewer = (await expectCall(t, 'rollup.get', { period }, acme.users.clientViewer.token)).data;
    expect(viewer.clients.map((c: { clientId: string }) => c.clientId)).toEqual([acme.clientId]);
  });

  it('exports as CSV for the monthly client report: a row per client and per project', async () => {
    const { data } = await expectCall(
      t,
      'export.create',
      {
        operation: 'rollup.get',
        input: { period },
        columns: ['clientId', 'projectId', 'openCount', 'weighted', 'wonAmount'],
      },
      acme.users.salesManager.token,
    );
    expect(data.rowCount).toBe(2);
    const text = Buffer.from(data.downloadUrl.split(',')[1], 'base64').toString('utf8');
    expect(text.trim().split('\r\n')).toEqual([
      'clientId,projectId,openCount,weighted,wonAmount',
      `${acme.clientId},,1,1000.00,700.00`,
      `${acme.clientId},${projectId},1,1000.00,0.00`,
    ]);
  });

  it("answers 400 naming the field, 422 for another tenant's client, 403 without analytics.read", async () => {
    expectValidation(await t.call('rollup.get', { currency: 'eur' }, acme.users.admin.token), 'currency');
    const res = await t.call('rollup.get', { clientId: other.clientId }, acme.users.admin.token);
    expect([res.status, res.body.error.code]).toEqual([422, 'reference_invalid']);
    await t.db
      .ownerKnex('tenants')
      .where({ id: other.id })
      .update({ settings: JSON.stringify({ rbac: { analyst: { revoke: ['analytics.read'] } } }) });
    t.services.tenants.invalidate(other.id);
    expect((await t.call('rollup.get', {}, other.users.analyst.token)).status).toBe(403);
  });
});
