import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '#auth/authenticator';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import {
  createAccount,
  createApiKey,
  createContact,
  createOpportunity,
  createPipeline,
  createProject,
} from '../../helpers/factories';
import { auditOf, eventsOf, expectCall, expectValidation, tableCounts } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
const ids = {
  client: '',
  internal: '',
  project: '',
  strayProject: '',
  account: '',
  contosoAccount: '',
  contact: '',
  foreignPipeline: '',
};
beforeAll(async () => {
  t = await createTestApp();
  [acme, other] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  ids.project = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  ids.strayProject = (await createProject(db, acme.id, { clientId: acme.clientId })).id;
  ids.client = (
    await createPipeline(db, acme.id, {
      clientId: acme.clientId,
      projectIds: [ids.project],
      ownerId: acme.users.salesManager.id,
      slaPolicy: { stageProbability: { qualification: 0.1, proposal: 0.35 } },
    })
  ).id;
  ids.internal = (
    await createPipeline(db, acme.id, { ownerId: acme.users.salesManager.id, defaultCurrency: 'GBP' })
  ).id;
  ids.account = (await createAccount(db, acme.id, { clientId: acme.clientId })).id;
  ids.contosoAccount = (await createAccount(db, acme.id, { clientId: (await createProject(db, acme.id)).clientId })).id;
  ids.contact = (await createContact(db, acme.id, { accountId: ids.account, clientId: acme.clientId })).id;
  ids.foreignPipeline = (await createPipeline(db, other.id)).id;
});
afterAll(async () => t?.close());

describe('opportunity.create', () => {
  it("creates at the first stage with the pipeline's client, policy probability and currency, owned by the caller", async () => {
    const input = {
      pipelineId: ids.client,
      name: 'Big deal',
      accountId: ids.account,
      primaryContactId: ids.contact,
      projectId: ids.project,
      amount: '1234.5',
      tags: ['vip', 'vip'],
      closeDate: '2027-03-31',
      source: 'referral',
    };
    const { data } = await expectCall(t, 'opportunity.create', input, acme.users.salesRep.token);
    expect(data).toMatchObject({
      pipelineId: ids.client,
      clientId: acme.clientId,
      projectId: ids.project,
      name: 'Big deal',
      accountId: ids.account,
      primaryContactId: ids.contact,
      ownerId: acme.users.salesRep.id,
      stage: 'qualification',
      amount: '1234.50',
      currency: 'EUR',
      probability: 0.1,
      closeDate: '2027-03-31',
      source: 'referral',
      score: 0,
      tags: ['vip'],
      customFields: {},
      status: 'open',
      reason: null,
      lastActivityAt: null,
      version: 1,
    });
    expect(data.stageEnteredAt).toBe(data.createdAt);
    const row = await t.db.ownerKnex('opportunities').where({ id: data.id }).first();
    expect(row).toMatchObject({
      tenantId: acme.id,
      amount: '1234.50',
      stage: 'qualification',
      clientId: acme.clientId,
      closedAt: null,
    });
    const [audit] = (await auditOf(t.db.ownerKnex, acme.id, 'opportunity.create')).filter(
      (a) => a.targetId === data.id,
    );
    expect(audit).toMatchObject({ targetType: 'opportunity', before: null, after: { name: 'Big deal' } });
    const events = (await eventsOf(t.db.ownerKnex, acme.id, 'opportunity.created')).filter(
      (e) => e.payload.opportunityId === data.id,
    );
    expect(events).toEqual([
      {
        name: 'opportunity.created',
        clientId: acme.clientId,
        payload: {
          opportunityId: data.id,
          pipelineId: ids.client,
          clientId: acme.clientId,
          projectId: ids.project,
          ownerId: acme.users.salesRep.id,
          accountId: ids.account,
          stage: 'qualification',
          amount: '1234.50',
          currency: 'EUR',
        },
      },
    ]);
  });

  it('takes an explicit stage (positional default probability), owner and currency on an internal pipeline', async () => {
    const { data } = await expectCall(
      t,
      'opportunity.create',
      {
        pipelineId: ids.internal,
        name: 'Internal',
        accountId: ids.account,
        stage: 'proposal',
        ownerId: acme.users.admin.id,
        clientId: null,
      },
      acme.users.salesManager.token,
    );
    expect(data).toMatchObject({
      clientId: null,
      stage: 'proposal',
      probability: 0.5,
      currency: 'GBP',
      ownerId: acme.users.admin.id,
      amount: '0.00',
    });
    const explicit = await expectCall(
      t,
      'opportunity.create',
      { pipelineId: ids.internal, name: 'USD', accountId: ids.account, probability: 0.42, currency: 'USD', amount: 10 },
      acme.users.admin.token,
    );
    expect(explicit.data).toMatchObject({ probability: 0.42, currency: 'USD', amount: '10.00' });
  });

  it('refuses stages outside the pipeline or closing ones, a foreign client, account or project (409/422), writing nothing', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    const base = { pipelineId: ids.client, name: 'X', accountId: ids.account };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ stage: 'demo' }, 409, 'stage_not_in_pipeline'],
      [{ stage: 'closedWon' }, 409, 'invalid_state'],
      [{ clientId: null }, 422, 'reference_invalid'],
      [{ accountId: ids.contosoAccount }, 422, 'reference_invalid'],
      [{ projectId: ids.strayProject }, 422, 'reference_invalid'],
      [{ ownerId: other.users.salesRep.id }, 422, 'reference_invalid'],
      [{ pipelineId: ids.foreignPipeline }, 422, 'reference_invalid'],
    ];
    for (const [extra, status, code] of cases) {
      const res = await t.call('opportunity.create', { ...base, ...extra }, acme.users.admin.token);
      expect([res.status, res.body.error?.code], JSON.stringify(extra)).toEqual([status, code]);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it('answers 400 naming the field (and ownerId for an API key without a user), writing nothing', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    const base = { pipelineId: ids.client, name: 'X', accountId: ids.account };
    expectValidation(await t.call('opportunity.create', { ...base, name: '' }, acme.users.admin.token), 'name');
    expectValidation(
      await t.call('opportunity.create', { ...base, amount: '12.345' }, acme.users.admin.token),
      'amount',
    );
    expectValidation(
      await t.call('opportunity.create', { ...base, probability: 2 }, acme.users.admin.token),
      'probability',
    );
    expectValidation(
      await t.call('opportunity.create', { ...base, accountId: undefined }, acme.users.admin.token),
      'accountId',
    );
    const secret = 'a-very-long-api-key-secret-1234';
    const key = await createApiKey(t.db.ownerKnex, acme.id, { keyHash: hashSecret(secret), role: 'salesManager' });
    expectValidation(await t.call('opportunity.create', base, `pvk_${key.id}.${secret}`), 'ownerId');
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    const ok = await expectCall(
      t,
      'opportunity.create',
      { ...base, ownerId: acme.users.salesRep.id },
      `pvk_${key.id}.${secret}`,
    );
    expect(ok.data.ownerId).toBe(acme.users.salesRep.id);
  });

  it('answers 403 to roles without opportunity.write', async () => {
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    for (const role of ['marketer', 'analyst', 'qa', 'clientViewer', 'clientApprover'] as const) {
      const res = await t.call(
        'opportunity.create',
        { pipelineId: ids.client, name: 'X', accountId: ids.account },
        acme.users[role].token,
      );
      expect([res.status, res.body.error.code], role).toEqual([403, 'forbidden']);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});

describe('opportunity.update', () => {
  const mine = () =>
    createOpportunity(t.db.ownerKnex, acme.id, {
      pipelineId: ids.client,
      clientId: acme.clientId,
      ownerId: acme.users.salesRep.id,
      accountId: ids.account,
    });

  it('changes fields, bumps the version, audits before/after and emits opportunity.updated with what changed', async () => {
    const o = await mine();
    const { data } = await expectCall(
      t,
      'opportunity.update',
      {
        id: o.id,
        amount: '2500',
        tags: ['commit'],
        closeDate: '2027-01-15',
        projectId: ids.project,
        name: o.name,
        expectedVersion: 1,
      },
      acme.users.salesRep.token,
    );
    expect(data).toMatchObject({
      amount: '2500.00',
      tags: ['commit'],
      closeDate: '2027-01-15',
      projectId: ids.project,
      version: 2,
      stage: 'qualification',
    });
    expect(await t.db.ownerKnex('opportunities').where({ id: o.id }).first()).toMatchObject({
      amount: '2500.00',
      version: 2,
    });
    const [audit] = (await auditOf(t.db.ownerKnex, acme.id, 'opportunity.update')).filter((a) => a.targetId === o.id);
    expect(audit).toMatchObject({
      targetType: 'opportunity',
      before: { version: 1, tags: [] },
      after: { version: 2, tags: ['commit'] },
    });
    const events = (await eventsOf(t.db.ownerKnex, acme.id, 'opportunity.updated')).filter(
      (e) => e.payload.opportunityId === o.id,
    );
    expect(events).toEqual([
      {
        name: 'opportunity.updated',
        clientId: acme.clientId,
        payload: {
          opportunityId: o.id,
          pipelineId: ids.client,
          clientId: acme.clientId,
          projectId: ids.project,
          ownerId: acme.users.salesRep.id,
          version: 2,
          changed: ['projectId', 'amount', 'closeDate', 'tags'],
        },
      },
    ]);
    const same = await expectCall(t, 'opportunity.update', { id: o.id, amount: '2500.00' }, acme.users.salesRep.token);
    expect(same.data.version).toBe(2);
    expect(
      (await eventsOf(t.db.ownerKnex, acme.id, 'opportunity.updated')).filter((e) => e.payload.opportunityId === o.id),
    ).toHaveLength(1);
  });

  it("lets a rep change only their own opportunities (403 not_owner); a manager changes anyone's", async () => {
    const theirs = await createOpportunity(t.db.ownerKnex, acme.id, {
      pipelineId: ids.client,
      clientId: acme.clientId,
      accountId: ids.account,
    });
    const res = await t.call('opportunity.update', { id: theirs.id, amount: '1' }, acme.users.salesRep.token);
    expect([res.status, res.body.error.code]).toEqual([403, 'not_owner']);
    expect((await t.db.ownerKnex('opportunities').where({ id: theirs.id }).first()).version).toBe(1);
    const ok = await expectCall(
      t,
      'opportunity.update',
      { id: theirs.id, ownerId: acme.users.salesRep.id, status: 'onHold' },
      acme.users.salesManager.token,
    );
    expect(ok.data).toMatchObject({ ownerId: acme.users.salesRep.id, status: 'onHold', version: 2 });
  });

  it('refuses closed opportunities, stale versions and projects outside the pipeline', async () => {
    const o = await mine();
    const stale = await t.call(
      'opportunity.update',
      { id: o.id, name: 'N', expectedVersion: 3 },
      acme.users.salesRep.token,
    );
    expect([stale.status, stale.body.error.code]).toEqual([409, 'version_conflict']);
    const stray = await t.call(
      'opportunity.update',
      { id: o.id, projectId: ids.strayProject },
      acme.users.salesRep.token,
    );
    expect([stray.status, stray.body.error.code]).toEqual([422, 'reference_invalid']);
    await expectCall(t, 'opportunity.lose', { id: o.id, reason: 'Budget' }, acme.users.salesRep.token);
    const closed = await t.call('opportunity.update', { id: o.id, name: 'Reopen?' }, acme.users.salesRep.token);
    expect([closed.status, closed.body.error.code]).toEqual([409, 'opportunity_closed']);
  });

  it("answers 400 naming the field, 404 for another tenant's id, 403 without opportunity.write, changing nothing", async () => {
    const o = await mine();
    const foreign = await createOpportunity(t.db.ownerKnex, other.id);
    const before = await tableCounts(t.db.ownerKnex, acme.id);
    expectValidation(await t.call('opportunity.update', { id: o.id, amount: 'abc' }, acme.users.admin.token), 'amount');
    expectValidation(await t.call('opportunity.update', { id: o.id, status: 'won' }, acme.users.admin.token), 'status');
    expect(
      (await t.call('opportunity.update', { id: foreign.id, name: 'Mine now' }, acme.users.admin.token)).status,
    ).toBe(404);
    for (const role of ['marketer', 'analyst', 'clientViewer'] as const) {
      expect(
        (await t.call('opportunity.update', { id: o.id, name: 'Nope' }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    expect(await tableCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    expect((await t.db.ownerKnex('opportunities').where({ id: foreign.id }).first()).name).toBe(foreign.name);
  });
});
