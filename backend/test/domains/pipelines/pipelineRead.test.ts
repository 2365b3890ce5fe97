import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient, createPipeline } from '../../helpers/factories';
import { expectCall, expectValidation, setRbac } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let locked: TestTenant;
const ids = { internal: '', northwind: '', otherClient: '', archived: '', foreign: '', lockedPipeline: '' };
beforeAll(async () => {
  t = await createTestApp();
  [acme, other, locked] = [await t.tenant(), await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  const owner = acme.users.salesManager.id;
  const contoso = await createClient(db, acme.id, { name: 'Contoso' });
  ids.internal = (await createPipeline(db, acme.id, { name: 'Alpha internal', ownerId: owner })).id;
  ids.northwind = (
    await createPipeline(db, acme.id, {
      name: 'Beta Northwind',
      ownerId: owner,
      clientId: acme.clientId,
      slaPolicy: {
        defaultMaxIdleHours: 72,
        stageMaxIdleHours: { negotiation: 24 },
        stageProbability: { proposal: 0.4 },
      },
    })
  ).id;
  ids.otherClient = (
    await createPipeline(db, acme.id, { name: 'Gamma Contoso', ownerId: acme.users.admin.id, clientId: contoso.id })
  ).id;
  ids.archived = (
    await createPipeline(db, acme.id, { name: 'Delta 100%_old', ownerId: owner, active: false, archivedAt: new Date() })
  ).id;
  ids.foreign = (await createPipeline(db, other.id, { name: 'Alpha foreign', clientId: other.clientId })).id;
  ids.lockedPipeline = (await createPipeline(db, locked.id)).id;
  await setRbac(t, locked.id, { analyst: { revoke: ['pipeline.read'] } });
});
afterAll(async () => t?.close());

describe('pipeline.list', () => {
  it("lists the tenant's pipelines by name with filters, never another tenant's", async () => {
    const all = await expectCall(t, 'pipeline.list', {}, acme.users.analyst.token);
    expect(all.data.map((p: { id: string }) => p.id)).toEqual([
      ids.internal,
      ids.northwind,
      ids.archived,
      ids.otherClient,
    ]);
    expect(all.nextCursor).toBeNull();
    const names = async (input: Record<string, unknown>) =>
      (await expectCall(t, 'pipeline.list', input, acme.users.admin.token)).data.map((p: { name: string }) => p.name);
    expect(await names({ active: true })).toEqual(['Alpha internal', 'Beta Northwind', 'Gamma Contoso']);
    expect(await names({ active: false })).toEqual(['Delta 100%_old']);
    expect(await names({ q: 'ALPHA' })).toEqual(['Alpha internal']);
    expect(await names({ q: '%_' })).toEqual(['Delta 100%_old']);
    expect(await names({ clientId: acme.clientId })).toEqual(['Beta Northwind']);
    expect(await names({ ownerId: acme.users.admin.id })).toEqual(['Gamma Contoso']);
    expect(await names({ clientId: other.clientId })).toEqual([]);
    const viaGet = await t.call('pipeline.list', {}, acme.users.admin.token, { method: 'GET', query: 'active=false' });
    expect(viaGet.body.data.map((p: { name: string }) => p.name)).toEqual(['Delta 100%_old']);
  });

  it('walks every page exactly once through the SDK', async () => {
    const seen: string[] = [];
    for await (const p of t.client(acme.users.admin.token).pipeline.list({ limit: 1 })) seen.push(p.id);
    expect(seen).toEqual([ids.internal, ids.northwind, ids.archived, ids.otherClient]);
  });

  it("shows client roles only their clients' pipelines, never internal ones", async () => {
    for (const role of ['clientViewer', 'clientApprover'] as const) {
      const res = await expectCall(t, 'pipeline.list', {}, acme.users[role].token);
      expect(res.data.map((p: { id: string }) => p.id)).toEqual([ids.northwind]);
    }
  });

  it('answers 400 naming the field, and 403 when the role lacks pipeline.read', async () => {
    expectValidation(await t.call('pipeline.list', { limit: 0 }, acme.users.admin.token), 'limit');
    expectValidation(await t.call('pipeline.list', { cursor: 'garbage' }, acme.users.admin.token), 'cursor');
    expectValidation(await t.call('pipeline.list', { clientId: 'x' }, acme.users.admin.token), 'clientId');
    expect((await t.call('pipeline.list', {}, locked.users.analyst.token)).status).toBe(403);
    expect((await t.call('pipeline.list', {}, locked.users.salesRep.token)).status).toBe(200);
  });
});

describe('pipeline.get', () => {
  it('gets one pipeline with its stage order and policy', async () => {
    const { data } = await expectCall(t, 'pipeline.get', { id: ids.northwind }, acme.users.salesRep.token);
    expect(data).toMatchObject({
      id: ids.northwind,
      name: 'Beta Northwind',
      clientId: acme.clientId,
      active: true,
      version: 1,
      slaPolicy: { defaultMaxIdleHours: 72 },
    });
    const viaGet = await t.call('pipeline.get', {}, acme.users.admin.token, {
      method: 'GET',
      query: `id=${ids.internal}`,
    });
    expect(viaGet.body.data.id).toBe(ids.internal);
  });

  it("answers 404 to client roles for internal and other clients' pipelines", async () => {
    expect((await expectCall(t, 'pipeline.get', { id: ids.northwind }, acme.users.clientViewer.token)).data.id).toBe(
      ids.northwind,
    );
    expect((await t.call('pipeline.get', { id: ids.internal }, acme.users.clientViewer.token)).status).toBe(404);
    expect((await t.call('pipeline.get', { id: ids.otherClient }, acme.users.clientViewer.token)).status).toBe(404);
  });

  it("answers 400 for a bad id, 404 for another tenant's, 403 without pipeline.read", async () => {
    expectValidation(await t.call('pipeline.get', { id: '123' }, acme.users.admin.token), 'id');
    const res = await t.call('pipeline.get', { id: ids.foreign }, acme.users.admin.token);
    expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    expect((await t.call('pipeline.get', { id: ids.lockedPipeline }, locked.users.analyst.token)).status).toBe(403);
  });
});

describe('sla.policy.get', () => {
  it('answers the policy and, per stage, the idle and time-in-stage limits and the default probability', async () => {
    const { data } = await expectCall(
      t,
      'sla.policy.get',
      { pipelineId: ids.northwind },
      acme.users.clientViewer.token,
    );
    expect(data).toEqual({
      pipelineId: ids.northwind,
      slaPolicy: {
        defaultMaxIdleHours: 72,
        stageMaxIdleHours: { negotiation: 24 },
        stageProbability: { proposal: 0.4 },
      },
      stages: [
        { stage: 'qualification', maxIdleHours: 72, maxStageHours: null, probability: 0.25 },
        { stage: 'proposal', maxIdleHours: 72, maxStageHours: null, probability: 0.4 },
        { stage: 'negotiation', maxIdleHours: 24, maxStageHours: null, probability: 0.75 },
        { stage: 'closedWon', maxIdleHours: null, maxStageHours: null, probability: 1 },
        { stage: 'closedLost', maxIdleHours: null, maxStageHours: null, probability: 0 },
      ],
      clock: 'calendar',
      escalateAfterHours: 24,
      version: 1,
    });
    const internal = await expectCall(t, 'sla.policy.get', { pipelineId: ids.internal }, acme.users.qa.token);
    expect(internal.data.stages[0]).toEqual({
      stage: 'qualification',
      maxIdleHours: null,
      maxStageHours: null,
      probability: 0.25,
    });
  });

  it("answers 400 naming pipelineId, 404 for another tenant's or a hidden pipeline, 403 without pipeline.read", async () => {
    expectValidation(await t.call('sla.policy.get', {}, acme.users.admin.token), 'pipelineId');
    expect((await t.call('sla.policy.get', { pipelineId: ids.foreign }, acme.users.admin.token)).status).toBe(404);
    expect((await t.call('sla.policy.get', { pipelineId: ids.internal }, acme.users.clientViewer.token)).status).toBe(
      404,
    );
    expect(
      (await t.call('sla.policy.get', { pipelineId: ids.lockedPipeline }, locked.users.analyst.token)).status,
    ).toBe(403);
  });
});
