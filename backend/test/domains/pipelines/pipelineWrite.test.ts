import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity, createPipeline, createProject } from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation, STAGES, tableCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
});
afterAll(async () => t?.close());

const body = (extra: Record<string, unknown> = {}) => ({ name: 'New business', stageOrder: STAGES, ...extra });

describe('pipeline.create', () => {
  it('creates a client pipeline owned by the caller, with its audit row and pipeline.created event', async () => {
    const project = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    const slaPolicy = { defaultMaxIdleHours: 72, stageProbability: { proposal: 0.4 } };
    const { data } = await expectCall(
      t,
      'pipeline.create',
      body({ clientId: acme.clientId, projectIds: [project.id], slaPolicy, defaultCurrency: 'EUR' }),
      acme.users.admin.token,
    );
    expect(data).toMatchObject({
      name: 'New business',
      ownerId: acme.users.admin.id,
      defaultCurrency: 'EUR',
      stageOrder: STAGES,
      slaPolicy,
      active: true,
      clientId: acme.clientId,
      projectIds: [project.id],
      version: 1,
      tenantId: acme.id,
    });
    const row = await t.db.ownerKnex('pipelines').where({ tenantId: acme.id, id: data.id }).first();
    expect(row).toMatchObject({
      name: 'New business',
      clientId: acme.clientId,
      projectIds: [project.id],
      archivedAt: null,
      slaPolicy,
    });
    const [audit] = await auditOf(t.db.ownerKnex, acme.id, 'pipeline.create');
    expect(audit).toMatchObject({
      targetType: 'pipeline',
      targetId: data.id,
      before: null,
      actor: `user:${acme.users.admin.id}`,
    });
    // (ids, dates and amounts inside before/after are mangled by the platform's phone-number redaction: compare names)
    expect(audit!.after).toMatchObject({ name: 'New business', stageOrder: STAGES });
    const events = await eventsOf(t.db.ownerKnex, acme.id, 'pipeline.created');
    expect(events).toEqual([
      {
        name: 'pipeline.created',
        clientId: acme.clientId,
        payload: { pipelineId: data.id, clientId: acme.clientId, name: 'New business', stageOrder: STAGES },
      },
    ]);
  });

  it('creates an internal pipeline for another owner with USD by default', async () => {
    const { data } = await expectCall(
      t,
      'pipeline.create',
      body({ ownerId: acme.users.salesRep.id }),
      acme.users.salesManager.token,
    );
    expect(data).toMatchObject({
      clientId: null,
      projectIds: [],
      ownerId: acme.users.salesRep.id,
      defaultCurrency: 'USD',
      slaPolicy: {},
    });
  });

  it('answers 400 naming the field for bad input, and writes nothing', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(
      await t.call('pipeline.create', body({ stageOrder: ['only'] }), acme.users.admin.token),
      'stageOrder',
    );
    expectValidation(
      await t.call('pipeline.create', body({ stageOrder: ['a', 'a'] }), acme.users.admin.token),
      'stageOrder',
    );
    expectValidation(await t.call('pipeline.create', body({ name: '' }), acme.users.admin.token), 'name');
    expectValidation(
      await t.call('pipeline.create', body({ defaultCurrency: 'euro' }), acme.users.admin.token),
      'defaultCurrency',
    );
    expectValidation(
      await t.call('pipeline.create', body({ slaPolicy: { stageProbability: { nope: 0.5 } } }), acme.users.admin.token),
      'slaPolicy.stageProbability.nope',
    );
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("answers 422 for another tenant's client, owner or project, or projects of another client, and writes nothing", async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    const foreignProject = await createProject(t.db.ownerKnex, other.id, { clientId: other.clientId });
    const otherClientProject = await createProject(t.db.ownerKnex, acme.id);
    const cases = [
      body({ clientId: other.clientId }),
      body({ ownerId: other.users.admin.id }),
      body({ clientId: acme.clientId, projectIds: [foreignProject.id] }),
      body({ clientId: acme.clientId, projectIds: [otherClientProject.id] }),
      body({ projectIds: [otherClientProject.id] }),
    ];
    for (const input of cases) {
      const res = await t.call('pipeline.create', input, acme.users.admin.token);
      expect(res.status, JSON.stringify(input)).toBe(422);
      expect(res.body.error.code).toBe('reference_invalid');
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it('answers 403 to roles without pipeline.manage', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    for (const role of ['salesRep', 'analyst', 'marketer', 'clientViewer', 'clientApprover'] as const) {
      const res = await t.call('pipeline.create', body(), acme.users[role].token);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});

describe('pipeline.update', () => {
  it('changes name, stages and policy, bumps the version, audits before/after and emits pipeline.updated', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    const stageOrder = ['qualification', 'demo', 'proposal', 'negotiation', 'closedWon', 'closedLost'];
    const { data } = await expectCall(
      t,
      'pipeline.update',
      { id: p.id, name: 'Renamed', stageOrder, slaPolicy: { stageProbability: { demo: 0.2 } }, expectedVersion: 1 },
      acme.users.admin.token,
    );
    expect(data).toMatchObject({
      id: p.id,
      name: 'Renamed',
      stageOrder,
      slaPolicy: { stageProbability: { demo: 0.2 } },
      version: 2,
    });
    expect(await t.db.ownerKnex('pipelines').where({ id: p.id }).first()).toMatchObject({
      name: 'Renamed',
      version: 2,
      stageOrder,
    });
    const audit = (await auditOf(t.db.ownerKnex, acme.id, 'pipeline.update')).filter((a) => a.targetId === p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ before: { name: p.name, version: 1 }, after: { name: 'Renamed', version: 2 } });
    const events = (await eventsOf(t.db.ownerKnex, acme.id, 'pipeline.updated')).filter(
      (e) => e.payload.pipelineId === p.id,
    );
    expect(events.map((e) => e.payload)).toEqual([
      { pipelineId: p.id, clientId: null, version: 2, changed: ['name', 'stageOrder', 'slaPolicy'], active: true },
    ]);
  });

  it('refuses to remove a stage that still holds open opportunities (409 invalid_state naming it)', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    await createOpportunity(t.db.ownerKnex, acme.id, { pipelineId: p.id, stage: 'proposal' });
    await createOpportunity(t.db.ownerKnex, acme.id, { pipelineId: p.id, stage: 'negotiation', status: 'lost' });
    const res = await t.call(
      'pipeline.update',
      { id: p.id, stageOrder: ['qualification', 'negotiation', 'closedWon', 'closedLost'] },
      acme.users.admin.token,
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'invalid_state',
      details: { stage: 'proposal', stages: [{ stage: 'proposal', openOpportunities: 1 }] },
    });
    expect((await t.db.ownerKnex('pipelines').where({ id: p.id }).first()).version).toBe(1);
    // a stage holding only closed opportunities may go
    const ok = await expectCall(
      t,
      'pipeline.update',
      { id: p.id, stageOrder: ['qualification', 'proposal', 'closedWon', 'closedLost'] },
      acme.users.admin.token,
    );
    expect(ok.data.stageOrder).toEqual(['qualification', 'proposal', 'closedWon', 'closedLost']);
  });

  it('refuses a stale expectedVersion, a client change once used, and changes to an archived pipeline until reactivated', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    const stale = await t.call('pipeline.update', { id: p.id, name: 'X', expectedVersion: 7 }, acme.users.admin.token);
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 1 } });
    await createOpportunity(t.db.ownerKnex, acme.id, { pipelineId: p.id });
    const rescope = await t.call('pipeline.update', { id: p.id, clientId: acme.clientId }, acme.users.admin.token);
    expect(rescope.status).toBe(409);
    expect(rescope.body.error.code).toBe('invalid_state');
    await expectCall(t, 'pipeline.archive', { id: p.id }, acme.users.admin.token);
    const archived = await t.call('pipeline.update', { id: p.id, name: 'Y' }, acme.users.admin.token);
    expect(archived.status).toBe(409);
    expect(archived.body.error.code).toBe('pipeline_archived');
    const { data } = await expectCall(t, 'pipeline.update', { id: p.id, active: true }, acme.users.admin.token);
    expect(data).toMatchObject({ active: true, version: 3 });
    expect((await t.db.ownerKnex('pipelines').where({ id: p.id }).first()).archivedAt).toBeNull();
  });

  it('answers 400 naming the field, 404 for another tenant, 403 without pipeline.manage, changing nothing', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    const foreign = await createPipeline(t.db.ownerKnex, other.id);
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(await t.call('pipeline.update', { id: p.id, name: '' }, acme.users.admin.token), 'name');
    expectValidation(
      await t.call('pipeline.update', { id: p.id, stageOrder: ['a'] }, acme.users.admin.token),
      'stageOrder',
    );
    const missing = await t.call('pipeline.update', { id: foreign.id, name: 'Hijacked' }, acme.users.admin.token);
    expect(missing.status).toBe(404);
    for (const role of ['salesRep', 'analyst', 'clientViewer'] as const) {
      expect((await t.call('pipeline.update', { id: p.id, name: 'Nope' }, acme.users[role].token)).status).toBe(403);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    expect((await t.db.ownerKnex('pipelines').where({ id: foreign.id }).first()).name).toBe(foreign.name);
    expect((await t.db.ownerKnex('pipelines').where({ id: p.id }).first()).version).toBe(1);
  });
});

describe('pipeline.archive', () => {
  it('archives (inactive, archivedAt), emits pipeline.updated, then refuses new opportunities and moves', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    const opp = await createOpportunity(t.db.ownerKnex, acme.id, { pipelineId: p.id });
    const { data } = await expectCall(
      t,
      'pipeline.archive',
      { id: p.id, expectedVersion: 1 },
      acme.users.salesManager.token,
    );
    expect(data).toMatchObject({ id: p.id, active: false, version: 2 });
    expect((await t.db.ownerKnex('pipelines').where({ id: p.id }).first()).archivedAt).toBeInstanceOf(Date);
    const events = (await eventsOf(t.db.ownerKnex, acme.id, 'pipeline.updated')).filter(
      (e) => e.payload.pipelineId === p.id,
    );
    expect(events.map((e) => e.payload)).toEqual([
      { pipelineId: p.id, clientId: null, version: 2, changed: ['active'], active: false },
    ]);
    expect((await auditOf(t.db.ownerKnex, acme.id, 'pipeline.archive')).some((a) => a.targetId === p.id)).toBe(true);
    const again = await t.call('pipeline.archive', { id: p.id }, acme.users.admin.token);
    expect(again.body.error?.code).toBe('pipeline_archived');
    const create = await t.call(
      'opportunity.create',
      { pipelineId: p.id, name: 'Late', accountId: opp.accountId },
      acme.users.admin.token,
    );
    expect([create.status, create.body.error?.code]).toEqual([409, 'pipeline_archived']);
    const move = await t.call('opportunity.moveStage', { id: opp.id, stage: 'proposal' }, acme.users.admin.token);
    expect([move.status, move.body.error?.code]).toEqual([409, 'pipeline_archived']);
    expect((await expectCall(t, 'opportunity.get', { id: opp.id }, acme.users.admin.token)).data.stage).toBe(
      'qualification',
    );
  });

  it('answers 400 for a bad id, 404 for another tenant, 403 without pipeline.manage, changing nothing', async () => {
    const p = await createPipeline(t.db.ownerKnex, acme.id);
    const foreign = await createPipeline(t.db.ownerKnex, other.id);
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(await t.call('pipeline.archive', { id: 'nope' }, acme.users.admin.token), 'id');
    expect((await t.call('pipeline.archive', { id: foreign.id }, acme.users.admin.token)).status).toBe(404);
    expect((await t.call('pipeline.archive', { id: p.id }, acme.users.salesRep.token)).status).toBe(403);
    expect((await t.call('pipeline.archive', { id: p.id }, acme.users.analyst.token)).status).toBe(403);
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    expect((await t.db.ownerKnex('pipelines').where({ id: foreign.id }).first()).active).toBe(true);
  });
});
