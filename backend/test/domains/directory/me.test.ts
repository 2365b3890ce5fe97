import { permissions, roleMatrix } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createUser } from '../../helpers/factories';
import { expectError, expectInvalid, ok } from './checks';

describe('me.get', () => {
  let t: TestApp;
  let acme: TestTenant;
  let other: TestTenant;
  beforeAll(async () => {
    t = await createTestApp();
    acme = await t.tenant('acme');
    other = await t.tenant('other');
  });
  afterAll(async () => t?.close());

  it('answers the caller, its tenant, roles, every permission and the enabled flags', async () => {
    const me = ok(await t.call('me.get', {}, acme.users.admin.token));
    expect(me.user).toMatchObject({
      id: acme.users.admin.id,
      tenantId: acme.id,
      email: acme.users.admin.email,
      roles: ['admin'],
      clientIds: null,
      active: true,
      version: 1,
    });
    expect(me.tenant).toEqual({ id: acme.id, name: 'Tenant acme', slug: 'acme' });
    expect(me.roles).toEqual(['admin']);
    expect(me.clientIds).toBeNull();
    expect(me.permissions).toEqual([...permissions]);
    expect(me.flags.length).toBeGreaterThan(0);
  });

  it("answers a client viewer's client scope and only the permissions of its role", async () => {
    const me = ok(await t.call('me.get', {}, acme.users.clientViewer.token));
    expect(me.user.clientIds).toEqual([acme.clientId]);
    expect(me.clientIds).toEqual([acme.clientId]);
    expect(me.permissions).toEqual(permissions.filter((p) => roleMatrix.clientViewer.includes(p)));
    expect(me.permissions).not.toContain('directory.read');
  });

  it('follows the tenant effective matrix and leaves disabled flags out', async () => {
    await t.db
      .ownerKnex('tenants')
      .where({ id: acme.id })
      .update({ settings: JSON.stringify({ rbac: { analyst: { grant: ['audit.read'], revoke: ['call.read'] } } }) });
    const flag = 'ai_assist';
    await t.db
      .ownerKnex('featureFlags')
      .insert({ tenantId: acme.id, flag, enabled: false })
      .onConflict(['tenantId', 'flag'])
      .merge();
    t.services.tenants.invalidate(acme.id);
    try {
      const me = ok(await t.call('me.get', {}, acme.users.analyst.token));
      expect(me.permissions).toContain('audit.read');
      expect(me.permissions).not.toContain('call.read');
      expect(me.flags).not.toContain(flag);
    } finally {
      await t.db.ownerKnex('tenants').where({ id: acme.id }).update({ settings: '{}' });
      await t.db.ownerKnex('featureFlags').where({ tenantId: acme.id }).delete();
      t.services.tenants.invalidate(acme.id);
    }
  });

  it('answers each caller its own tenant only', async () => {
    const me = ok(await t.call('me.get', {}, other.users.admin.token));
    expect(me.tenant.id).toBe(other.id);
    expect(me.user.id).toBe(other.users.admin.id);
  });

  it('refuses input that is not an object (400 naming the root)', async () => {
    expectInvalid(await t.call('me.get', [1, 2], acme.users.admin.token), '(root)');
  });

  it('refuses a user who holds no role (403)', async () => {
    const user = await createUser(t.db.ownerKnex, acme.id, { role: null, email: 'norole@acme.test' });
    await t.db.ownerKnex('users').where({ tenantId: acme.id, id: user.id }).update({ entraObjectId: user.id });
    expectError(await t.call('me.get', {}, await t.token('acme', user.email)), 403, 'forbidden');
  });

  it('describes an API key: no user, its role and actor', async () => {
    const key = ok(await t.call('apiKey.create', { name: 'ci', role: 'analyst' }, acme.users.admin.token));
    const me = ok(await t.call('me.get', {}, key.secret));
    expect(me.user).toBeNull();
    expect(me.roles).toEqual(['analyst']);
    expect(me.principal).toEqual({ kind: 'apiKey', actor: `apiKey:${key.id}` });
  });
});
