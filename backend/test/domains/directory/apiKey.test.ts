import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createApiKey, createClient } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok, row } from './checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const create = (body: unknown, token = acme.users.admin.token) => t.call('apiKey.create', body, token);
const keys = () => count(t, 'apiKeys', { tenantId: acme.id });

describe('apiKey.create', () => {
  it('answers the key once, stores only the sha256 of its secret, and audits it without the secret', async () => {
    const key = ok(await create({ name: 'CI', role: 'analyst' }));
    expect(key).toMatchObject({
      tenantId: acme.id,
      name: 'CI',
      role: 'analyst',
      clientIds: null,
      prefix: `pvk_${key.id}`,
      createdBy: acme.users.admin.id,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(key.secret).toMatch(new RegExp(`^pvk_${key.id}\\.[A-Za-z0-9_-]{43}$`));
    const secret = key.secret.split('.')[1];
    const stored = await row(t, 'apiKeys', acme.id, key.id);
    expect(stored.keyHash).toBe(createHash('sha256').update(secret).digest('hex'));
    const [audit] = await audits(t, acme.id, 'apiKey.create', key.id);
    expect(audit!.after).toMatchObject({ name: 'CI', role: 'analyst', revokedAt: null });
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect(JSON.stringify(await t.db.ownerKnex('auditLog').where({ tenantId: acme.id }))).not.toContain(secret);
  });

  it('authenticates with its role and client scope', async () => {
    const contoso = await createClient(t.db.ownerKnex, acme.id, { name: 'Contoso' });
    const northwind = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    await createAccount(t.db.ownerKnex, acme.id, { clientId: contoso.id });
    await createAccount(t.db.ownerKnex, acme.id);
    const analyst = ok(await create({ name: 'Reader', role: 'analyst' })).secret;
    expect((await t.call('account.list', {}, analyst)).body.data).toHaveLength(3);
    expectError(await t.call('account.create', { name: 'No' }, analyst), 403, 'forbidden');
    const scoped = ok(await create({ name: 'Northwind sync', role: 'salesRep', clientIds: [acme.clientId] })).secret;
    expect((await t.call('account.list', {}, scoped)).body.data.map((a: any) => a.id)).toEqual([northwind.id]);
    expect((await t.call('client.list', {}, scoped)).body.data.map((c: any) => c.id)).toEqual([acme.clientId]);
    const made = ok(await t.call('account.create', { name: 'Via key', clientId: acme.clientId }, scoped));
    expect(made.ownerId).toBeNull();
    const [audit] = await audits(t, acme.id, 'account.create', made.id);
    expect(audit!.actor).toMatch(/^apiKey:/);
    expectError(await t.call('account.create', { name: 'Internal' }, scoped), 403, 'forbidden');
  });

  it('refuses bad input (400 naming the field) and writes nothing', async () => {
    const before = await keys();
    expectInvalid(await create({ name: 'X', role: 'king' }), 'role');
    expectInvalid(await create({ name: '', role: 'analyst' }), 'name');
    expectInvalid(await create({ name: 'X', role: 'clientViewer' }), 'clientIds');
    expect(await keys()).toBe(before);
  });

  it("refuses another tenant's client (422) and writes nothing", async () => {
    const before = await keys();
    expectError(
      await create({ name: 'X', role: 'clientViewer', clientIds: [other.clientId] }),
      422,
      'reference_invalid',
    );
    expect(await keys()).toBe(before);
  });

  it('refuses roles without apiKey.manage (403)', async () => {
    const before = await keys();
    expectError(await create({ name: 'X', role: 'analyst' }, acme.users.salesManager.token), 403, 'forbidden');
    expect(await keys()).toBe(before);
  });
});

describe('apiKey.list', () => {
  it('walks the keys newest first without hashes or secrets; revoked ones only on request', async () => {
    const revoked = ok(await create({ name: 'Old', role: 'analyst' }));
    await t.db.ownerKnex('apiKeys').where({ tenantId: acme.id, id: revoked.id }).update({ revokedAt: new Date() });
    const seen: any[] = [];
    for await (const key of t.client(acme.users.admin.token).apiKey.list({ limit: 2 })) seen.push(key);
    expect(seen.map((k) => k.id)).toEqual(
      seen
        .map((k) => k.id)
        .sort()
        .reverse(),
    );
    expect(new Set(seen.map((k) => k.id)).size).toBe(seen.length);
    expect(seen.length).toBe(await count(t, 'apiKeys', { tenantId: acme.id, revokedAt: null }));
    expect(seen.map((k) => k.id)).not.toContain(revoked.id);
    for (const key of seen)
      expect(Object.keys(key).sort()).toEqual([
        'clientIds',
        'createdAt',
        'createdBy',
        'id',
        'lastUsedAt',
        'name',
        'prefix',
        'revokedAt',
        'role',
        'tenantId',
        'updatedAt',
      ]);
    const all = (await t.call('apiKey.list', { includeRevoked: true, limit: 200 }, acme.users.admin.token)).body.data;
    expect(all.map((k: any) => k.id)).toContain(revoked.id);
  });

  it('shows when a key was last used, stamped at most once a minute and never for a failed authentication', async () => {
    const key = ok(await create({ name: 'Stamped', role: 'analyst' }));
    const lastUsed = async () =>
      (await t.call('apiKey.list', { limit: 200 }, acme.users.admin.token)).body.data.find((k: any) => k.id === key.id)
        .lastUsedAt;
    expect(await lastUsed()).toBeNull();
    expectError(
      await t.call('account.list', {}, `${key.secret.split('.')[0]}.${'x'.repeat(43)}`),
      401,
      'unauthenticated',
    );
    expect(await lastUsed()).toBeNull();
    const before = Date.now();
    expect((await t.call('account.list', {}, key.secret)).status).toBe(200);
    let stamped: string | null = null;
    for (let i = 0; i < 50 && !stamped; i++) {
      stamped = await lastUsed();
      if (!stamped) await new Promise((r) => setTimeout(r, 20));
    }
    expect(stamped).toEqual(expect.any(String));
    expect(Date.parse(stamped!)).toBeGreaterThanOrEqual(before - 1000);
    // Authenticated again (not from the principal cache) within the minute: no second write.
    t.services.auth.invalidate(acme.id);
    expect((await t.call('account.list', {}, key.secret)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await lastUsed()).toBe(stamped);
  });

  it("never lists another tenant's keys", async () => {
    const foreign = await createApiKey(t.db.ownerKnex, other.id);
    const all = (await t.call('apiKey.list', { includeRevoked: true, limit: 200 }, acme.users.admin.token)).body.data;
    expect(all.map((k: any) => k.id)).not.toContain(foreign.id);
  });

  it('refuses bad input (400) and roles without apiKey.manage (403)', async () => {
    expectInvalid(await t.call('apiKey.list', { limit: 500 }, acme.users.admin.token), 'limit');
    expectError(await t.call('apiKey.list', {}, acme.users.salesManager.token), 403, 'forbidden');
  });

  it('refuses a client-confined key (403), even an admin one, while a tenant-wide admin key lists', async () => {
    const confined = ok(await create({ name: 'Confined admin', role: 'admin', clientIds: [acme.clientId] })).secret;
    expectError(await t.call('apiKey.list', {}, confined), 403, 'forbidden');
    const wide = ok(await create({ name: 'Wide admin', role: 'admin' })).secret;
    expect(ok(await t.call('apiKey.list', { limit: 200 }, wide)).length).toBeGreaterThan(0);
  });
});

describe('apiKey.revoke', () => {
  it('revokes the key (401 from then on, even though it was cached), and audits before/after', async () => {
    const key = ok(await create({ name: 'Temp', role: 'analyst' }));
    expect((await t.call('account.list', {}, key.secret)).status).toBe(200);
    const revoked = ok(await t.call('apiKey.revoke', { id: key.id }, acme.users.admin.token));
    expect(revoked).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect((await row(t, 'apiKeys', acme.id, key.id)).revokedAt).toBeInstanceOf(Date);
    expectError(await t.call('account.list', {}, key.secret), 401, 'unauthenticated');
    const [audit] = await audits(t, acme.id, 'apiKey.revoke', key.id);
    expect(audit!.before).toMatchObject({ revokedAt: null });
    expect(audit!.after.revokedAt).toEqual(expect.any(String));
    expectError(await t.call('apiKey.revoke', { id: key.id }, acme.users.admin.token), 409, 'invalid_state');
  });

  it('refuses a bad id (400)', async () => {
    expectInvalid(await t.call('apiKey.revoke', { id: 42 }, acme.users.admin.token), 'id');
  });

  it("answers 404 for another tenant's key and leaves it working", async () => {
    const foreign = await createApiKey(t.db.ownerKnex, other.id);
    expectError(await t.call('apiKey.revoke', { id: foreign.id }, acme.users.admin.token), 404, 'not_found');
    expect((await row(t, 'apiKeys', other.id, foreign.id)).revokedAt).toBeNull();
  });

  it('refuses roles without apiKey.manage (403)', async () => {
    const key = ok(await create({ name: 'Kept', role: 'analyst' }));
    expectError(await t.call('apiKey.revoke', { id: key.id }, acme.users.analyst.token), 403, 'forbidden');
    expect((await row(t, 'apiKeys', acme.id, key.id)).revokedAt).toBeNull();
  });
});
