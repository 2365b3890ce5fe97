import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Opportunity } from '@pivotal-pm/sdk';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createClient, createOpportunity, createPipeline, createProject } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let locked: TestTenant;
const ids = { internal: '', northwind: '', contoso: '', project: '', account: '', foreign: '', lockedOpp: '' };
let all: { id: string; clientId: string | null }[] = [];
const base = new Date('2026-06-01T12:00:00.000Z').getTime();

beforeAll(async () => {
  t = await createTestApp();
  [acme, other, locked] = [await t.tenant(), await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const contoso = await createClient(db, acme.id, { name: 'Contoso' });
  ids.project = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  ids.internal = (await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id })).id;
  ids.northwind = (
    await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, clientId: acme.clientId })
  ).id;
  ids.contoso = (await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, clientId: contoso.id })).id;
  ids.account = (await createAccount(db, acme.id)).id;
  const rep = acme.users.salesRep.id;
  const mgr = acme.users.salesManager.id;
  // 30 opportunities; every third shares one updated_at (ties are broken by id), with microsecond timestamps.
  for (let i = 0; i < 30; i++) {
    const pipelineId = [ids.internal, ids.northwind, ids.contoso][i % 3]!;
    const clientId = [null, acme.clientId, contoso.id][i % 3]!;
    const updatedAt = i % 3 === 0 ? new Date(base) : new Date(base - i * 1000 - 0.123);
    const o = await createOpportunity(db, acme.id, {
      pipelineId,
      clientId,
      ownerId: i % 2 ? rep : mgr,
      accountId: ids.account,
      name: i === 4 ? 'ACME Renewal' : `Deal ${i}`,
      stage: ['qualification', 'proposal', 'negotiation'][i % 3]!,
      status: i % 5 === 0 ? 'won' : 'open',
      tags: i % 4 === 0 ? ['vip', 'emea'] : i % 4 === 1 ? ['vip'] : [],
      closeDate: `2026-07-${String(1 + i).padStart(2, '0')}`,
      projectId: i === 1 ? ids.project : null,
      updatedAt,
    });
    all.push({ id: o.id, clientId });
  }
  await db.raw(
    `UPDATE opportunities SET updated_at = updated_at - interval '7 microseconds' WHERE tenant_id = ? AND name = 'Deal 7'`,
    [acme.id],
  );
  ids.foreign = (await createOpportunity(db, other.id, { name: 'Deal foreign' })).id;
  ids.lockedOpp = (await createOpportunity(db, locked.id)).id;
  await setRbac(t, locked.id, { analyst: { revoke: ['opportunity.read'] } });
  const rows = (await db('opportunities')
    .where({ tenantId: acme.id })
    .orderBy([
      { column: 'updatedAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .select('id', 'clientId')) as typeof all;
  all = rows;
});
afterAll(async () => t?.close());

const listIds = async (input: Record<string, unknown>, token = acme.users.admin.token) =>
  ((await expectCall(t, 'opportunity.list', input, token)).data as Opportunity[]).map((o) => o.name);

describe('opportunity.list', () => {
  it('walks every page exactly once through the SDK, newest update first, ties broken by id', async () => {
    const seen: string[] = [];
    for await (const o of t.client(acme.users.admin.token).opportunity.list({ limit: 7 })) seen.push(o.id);
    expect(seen).toEqual(all.map((o) => o.id));
    expect(new Set(seen).size).toBe(30);
  });

  it('filters by owner, status, pipeline, client, project, account, stage, tags (all of them), close dates and name', async () => {
    const count = async (input: Record<string, unknown>) => (await listIds({ ...input, limit: 200 })).length;
    expect(await count({ ownerId: acme.users.salesRep.id, status: 'open' })).toBe(12);
    expect(await count({ status: 'won' })).toBe(6);
    expect(await count({ pipelineId: ids.northwind })).toBe(10);
    expect(await count({ clientId: acme.clientId })).toBe(10);
    expect(await listIds({ projectId: ids.project })).toEqual(['Deal 1']);
    expect(await count({ accountId: ids.account })).toBe(30);
    expect(await count({ stage: 'proposal' })).toBe(10);
    expect(await count({ tags: ['vip'] })).toBe(16);
    expect(await count({ tags: ['vip', 'emea'] })).toBe(8);
    expect(await count({ closeDateFrom: '2026-07-10', closeDateTo: '2026-07-12' })).toBe(3);
    expect(await listIds({ q: 'acme ren' })).toEqual(['ACME Renewal']);
    expect(await listIds({ q: '%' })).toEqual([]);
    const viaGet = await t.call('opportunity.list', {}, acme.users.admin.token, {
      method: 'GET',
      query: 'tags=vip,emea&limit=200',
    });
    expect(viaGet.body.data).toHaveLength(8);
  });

  it("shows client roles only their clients' opportunities, never internal or another client's", async () => {
    const names = await listIds({ limit: 200 }, acme.users.clientViewer.token);
    expect(names).toHaveLength(10);
    const visible = all.filter((o) => o.clientId === acme.clientId).map((o) => o.id);
    const seen = (
      (await expectCall(t, 'opportunity.list', { limit: 200 }, acme.users.clientViewer.token)).data as Opportunity[]
    ).map((o) => o.id);
    expect(seen).toEqual(visible);
    expect(await listIds({ pipelineId: ids.internal }, acme.users.clientViewer.token)).toEqual([]);
  });

  it("never shows another tenant's rows, and answers 400 naming the field and 403 without opportunity.read", async () => {
    expect(await listIds({ q: 'foreign' })).toEqual([]);
    expect(await listIds({ ownerId: other.users.admin.id })).toEqual([]);
    expectValidation(
      await t.call(
        'opportunity.list',
        { closeDateFrom: '2026-08-01', closeDateTo: '2026-07-01' },
        acme.users.admin.token,
      ),
      'closeDateTo',
    );
    expectValidation(await t.call('opportunity.list', { status: 'closed' }, acme.users.admin.token), 'status');
    expectValidation(await t.call('opportunity.list', { limit: 500 }, acme.users.admin.token), 'limit');
    expectValidation(
      await t.call(
        'opportunity.list',
        { cursor: Buffer.from('["x","y"]').toString('base64url') },
        acme.users.admin.token,
      ),
      'cursor',
    );
    expect((await t.call('opportunity.list', {}, locked.users.analyst.token)).status).toBe(403);
  });
});

describe('opportunity.get', () => {
  it('gets one opportunity as the DTO', async () => {
    const id = all[0]!.id;
    const { data } = await expectCall(t, 'opportunity.get', { id }, acme.users.marketer.token);
    expect(data).toMatchObject({
      id,
      tenantId: acme.id,
      amount: '1000.00',
      currency: 'EUR',
      probability: 0.1,
      version: 1,
    });
  });

  it("answers 404 to client roles for internal and other clients' opportunities", async () => {
    const internal = all.find((o) => o.clientId === null)!.id;
    const mine = all.find((o) => o.clientId === acme.clientId)!.id;
    const contoso = all.find((o) => o.clientId !== null && o.clientId !== acme.clientId)!.id;
    expect((await t.call('opportunity.get', { id: mine }, acme.users.clientViewer.token)).status).toBe(200);
    expect((await t.call('opportunity.get', { id: internal }, acme.users.clientViewer.token)).status).toBe(404);
    expect((await t.call('opportunity.get', { id: contoso }, acme.users.clientApprover.token)).status).toBe(404);
  });

  it("answers 400 for a bad id, 404 for another tenant's, 403 without opportunity.read", async () => {
    expectValidation(await t.call('opportunity.get', { id: 'x' }, acme.users.admin.token), 'id');
    expect((await t.call('opportunity.get', { id: ids.foreign }, acme.users.admin.token)).status).toBe(404);
    expect((await t.call('opportunity.get', { id: ids.lockedOpp }, locked.users.analyst.token)).status).toBe(403);
  });
});
