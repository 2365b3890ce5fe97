import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createOpportunity } from '../../helpers/factories';
import { apiKeyToken, countRows, issuePaths } from '../engagements/world';

describe('rbac.policy.update', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  const settings = async (id: string) => (await t.db.ownerKnex('tenants').where({ id }).first('settings')).settings;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it("revokes opportunity.read from reps: the rep's opportunity.list answers 403 at once; granting it back restores it", async () => {
    const admin = acme.users.admin.token;
    const rep = acme.users.salesRep.token;
    // Warm the tenant's runtime cache first, so the change must invalidate it.
    expect((await t.call('opportunity.list', {}, rep)).status).not.toBe(403);
    const res = await t.call(
      'rbac.policy.update',
      { role: 'salesRep', revoke: ['opportunity.read'], expectedVersion: 1 },
      admin,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      tenantId: acme.id,
      version: 2,
      overrides: [{ role: 'salesRep', grant: [], revoke: ['opportunity.read'] }],
    });
    expect(res.body.data.effective.salesRep).not.toContain('opportunity.read');
    const denied = await t.call('opportunity.list', {}, rep);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('forbidden');
    // Another tenant's reps are not affected.
    expect((await t.call('opportunity.list', {}, other.users.salesRep.token)).status).not.toBe(403);

    expect(await settings(acme.id)).toMatchObject({
      rbac: { salesRep: { grant: [], revoke: ['opportunity.read'] } },
      rbacMeta: { version: 2 },
    });
    const [audit] = await t.db.ownerKnex('auditLog').where({ tenantId: acme.id, operation: 'rbac.policy.update' });
    expect(audit).toMatchObject({
      actor: `user:${acme.users.admin.id}`,
      targetType: 'rbacPolicy',
      targetId: 'salesRep',
    });
    expect(audit.before).toEqual({ role: 'salesRep', grant: [], revoke: [] });
    expect(audit.after).toEqual({ role: 'salesRep', grant: [], revoke: ['opportunity.read'] });

    const back = await t.call('rbac.policy.update', { role: 'salesRep' }, admin);
    expect(back.body.data).toMatchObject({ version: 3, overrides: [] });
    expect((await t.call('opportunity.list', {}, rep)).status).not.toBe(403);
  });

  it('grants a permission a role lacks: reps may then read the audit log', async () => {
    const rep = acme.users.salesRep.token;
    expect((await t.call('audit.log.list', {}, rep)).status).toBe(403);
    const res = await t.call(
      'rbac.policy.update',
      { role: 'salesRep', grant: ['audit.read', 'audit.read'] },
      acme.users.admin.token,
    );
    expect(res.body.data.overrides).toEqual([{ role: 'salesRep', grant: ['audit.read'], revoke: [] }]);
    expect((await t.call('audit.log.list', {}, rep)).status).toBe(200);
    await t.call('rbac.policy.update', { role: 'salesRep' }, acme.users.admin.token);
    expect((await t.call('audit.log.list', {}, rep)).status).toBe(403);
  });

  it("refuses to revoke admin's rbac.manage or give a client role administration (409 invalid_state), and a stale version", async () => {
    const admin = acme.users.admin.token;
    const before = await settings(acme.id);
    const lockout = await t.call('rbac.policy.update', { role: 'admin', revoke: ['rbac.manage'] }, admin);
    expect(lockout.status).toBe(409);
    expect(lockout.body.error.code).toBe('invalid_state');
    const client = await t.call(
      'rbac.policy.update',
      { role: 'clientViewer', grant: ['rbac.manage', 'mail.read'] },
      admin,
    );
    expect(client.status).toBe(409);
    expect(client.body.error.details).toEqual({ permissions: ['rbac.manage', 'mail.read'] });
    const stale = await t.call('rbac.policy.update', { role: 'qa', grant: ['task.write'], expectedVersion: 1 }, admin);
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
    expect(await settings(acme.id)).toEqual(before);
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const before = await settings(acme.id);
    const audits = await countRows(t.db.ownerKnex, 'audit_log', { tenantId: acme.id });
    const role = await t.call('rbac.policy.update', { role: 'boss', grant: ['fly'] }, acme.users.admin.token);
    expect(role.status).toBe(400);
    expect(issuePaths(role.body)).toEqual(expect.arrayContaining(['role', 'grant.0']));
    const both = await t.call(
      'rbac.policy.update',
      { role: 'qa', grant: ['task.read'], revoke: ['task.read'] },
      acme.users.admin.token,
    );
    expect(issuePaths(both.body)).toEqual(['revoke']);
    const self = await t.call('rbac.policy.update', { role: 'qa', revoke: ['self'] }, acme.users.admin.token);
    expect(issuePaths(self.body)).toEqual(['revoke']);
    expect(await settings(acme.id)).toEqual(before);
    expect(await countRows(t.db.ownerKnex, 'audit_log', { tenantId: acme.id })).toBe(audits);
  });

  it("moves ownership.override: a rep granted it changes another's opportunity, a manager without it gets 403 not_owner", async () => {
    const admin = acme.users.admin.token;
    const theirs = await createOpportunity(t.db.ownerKnex, acme.id, { ownerId: acme.users.qa.id });
    const update = (token: string, amount: string) => t.call('opportunity.update', { id: theirs.id, amount }, token);
    const denied = await update(acme.users.salesRep.token, '10.00');
    expect([denied.status, denied.body.error?.code]).toEqual([403, 'not_owner']);
    expect((await update(acme.users.salesManager.token, '20.00')).status).toBe(200);

    await t.call('rbac.policy.update', { role: 'salesRep', grant: ['ownership.override'] }, admin);
    const moved = await t.call('rbac.policy.update', { role: 'salesManager', revoke: ['ownership.override'] }, admin);
    expect(moved.body.data.effective.salesManager).not.toContain('ownership.override');
    expect(moved.body.data.effective.salesRep).toContain('ownership.override');
    expect((await update(acme.users.salesRep.token, '30.00')).body.data).toMatchObject({ amount: '30.00' });
    const manager = await update(acme.users.salesManager.token, '40.00');
    expect([manager.status, manager.body.error?.code]).toEqual([403, 'not_owner']);
    expect((await update(admin, '50.00')).status).toBe(200);

    await t.call('rbac.policy.update', { role: 'salesRep' }, admin);
    await t.call('rbac.policy.update', { role: 'salesManager' }, admin);
    expect((await update(acme.users.salesRep.token, '70.00')).body.error?.code).toBe('not_owner');
    expect((await update(acme.users.salesManager.token, '80.00')).status).toBe(200);
  });

  it("never touches another tenant's policy", async () => {
    const before = await settings(other.id);
    await t.call('rbac.policy.update', { role: 'marketer', revoke: ['lead.read'] }, acme.users.admin.token);
    expect(await settings(other.id)).toEqual(before);
    expect((await t.call('rbac.policy.get', {}, other.users.admin.token)).body.data.overrides).toEqual([]);
  });

  it('answers 403 without rbac.manage, and to a client-confined admin key', async () => {
    const before = await settings(acme.id);
    for (const role of ['salesRep', 'salesManager'] as const) {
      expect(
        (await t.call('rbac.policy.update', { role: role, grant: ['rbac.manage'] }, acme.users[role].token)).status,
        role,
      ).toBe(403);
    }
    const key = await apiKeyToken(t, acme.id, 'admin', [acme.clientId]);
    expect((await t.call('rbac.policy.update', { role: 'clientViewer', revoke: ['task.read'] }, key)).status).toBe(403);
    expect(await settings(acme.id)).toEqual(before);
  });
});
