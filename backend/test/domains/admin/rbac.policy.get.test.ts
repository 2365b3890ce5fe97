import { roleMatrix, roles } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { apiKeyToken, issuePaths } from '../engagements/world';

describe('rbac.policy.get', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    [acme, other] = [await t.tenant(), await t.tenant()];
  });
  afterAll(async () => t?.close());

  it('answers the base matrix at version 1 for a tenant that changed nothing', async () => {
    const res = await t.call('rbac.policy.get', {}, acme.users.admin.token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({ tenantId: acme.id, overrides: [], version: 1 });
    for (const role of roles)
      expect([...res.body.data.effective[role]].sort(), role).toEqual([...roleMatrix[role]].sort());
    const get = await t.call('rbac.policy.get', {}, acme.users.admin.token, { method: 'GET' });
    expect(get.body).toEqual(res.body);
  });

  it("shows the tenant's overrides and effective matrix, never another tenant's", async () => {
    const upd = await t.call(
      'rbac.policy.update',
      { role: 'analyst', grant: ['task.write'], revoke: ['lead.read'] },
      other.users.admin.token,
    );
    expect(upd.status).toBe(200);
    const theirs = await t.call('rbac.policy.get', {}, other.users.admin.token);
    expect(theirs.body.data.overrides).toEqual([{ role: 'analyst', grant: ['task.write'], revoke: ['lead.read'] }]);
    expect(theirs.body.data.effective.analyst).toContain('task.write');
    expect(theirs.body.data.effective.analyst).not.toContain('lead.read');
    expect(theirs.body.data.version).toBe(2);
    const ours = await t.call('rbac.policy.get', {}, acme.users.admin.token);
    expect(ours.body.data).toMatchObject({ overrides: [], version: 1 });
  });

  it('answers 400 for an input that is not an object', async () => {
    const res = await t.call('rbac.policy.get', [1, 2], acme.users.admin.token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(issuePaths(res.body)).toEqual(['(root)']);
  });

  it('answers 403 without rbac.manage, and to a client-confined caller whatever its role', async () => {
    for (const role of ['salesRep', 'salesManager', 'clientViewer'] as const) {
      const res = await t.call('rbac.policy.get', {}, acme.users[role].token);
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const key = await apiKeyToken(t, acme.id, 'admin', [acme.clientId]);
    expect((await t.call('rbac.policy.get', {}, key)).status).toBe(403);
  });
});
