import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createClient, createProject, createUser } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok } from './checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const mint = (body: unknown, token = acme.users.admin.token) => t.call('auth.embedToken.create', body, token);

describe('auth.embedToken.create', () => {
  it('mints a user-scoped token that acts as that user, and audits it without the token', async () => {
    const started = Date.now();
    const res = ok(await mint({ userId: acme.users.salesRep.id, ttlSeconds: 600 }));
    expect(res.token.split('.')).toHaveLength(3);
    const expires = Date.parse(res.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(started + 599_000);
    expect(expires).toBeLessThanOrEqual(Date.now() + 601_000);
    expect(decodeJwt(res.token)).toMatchObject({
      tid: acme.id,
      pv_scope: { type: 'user', userId: acme.users.salesRep.id },
    });
    const me = ok(await t.call('me.get', {}, res.token));
    expect(me.user.id).toBe(acme.users.salesRep.id);
    expect(me.roles).toEqual(['salesRep']);
    const [audit] = await audits(t, acme.id, 'auth.embedToken.create', acme.users.salesRep.id);
    expect(audit!.after).toMatchObject({ scope: { type: 'user' } });
    expect(audit!.targetType).toBe('user');
    expect(JSON.stringify(audit)).not.toContain(res.token);
  });

  it("mints a client-scoped token that reads only that client's data and may not write", async () => {
    const northwindAccount = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    const otherClient = await createClient(t.db.ownerKnex, acme.id, { name: 'Contoso' });
    await createAccount(t.db.ownerKnex, acme.id, { clientId: otherClient.id });
    await createAccount(t.db.ownerKnex, acme.id);
    const northwindProject = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    await createProject(t.db.ownerKnex, acme.id, { clientId: otherClient.id });
    const { token } = ok(await mint({ clientId: acme.clientId }));
    const clients = (await t.call('client.list', {}, token)).body.data;
    expect(clients.map((c: any) => c.id)).toEqual([acme.clientId]);
    expect((await t.call('account.list', {}, token)).body.data.map((a: any) => a.id)).toEqual([northwindAccount.id]);
    expect((await t.call('project.list', {}, token)).body.data.map((p: any) => p.id)).toEqual([northwindProject.id]);
    expectError(await t.call('client.get', { id: otherClient.id }, token), 404, 'not_found');
    expectError(await t.call('account.create', { name: 'X', clientId: acme.clientId }, token), 403, 'forbidden');
    expectError(await t.call('client.update', { id: acme.clientId, name: 'X' }, token), 403, 'forbidden');
    const me = ok(await t.call('me.get', {}, token));
    expect(me.user).toBeNull();
    expect(me.clientIds).toHaveLength(1);
    expect(me.principal.kind).toBe('embed');
  });

  it('refuses bad input (400 naming the field)', async () => {
    expectInvalid(await mint({ userId: acme.users.salesRep.id, clientId: acme.clientId }), 'userId');
    expectInvalid(await mint({}), 'userId');
    expectInvalid(await mint({ clientId: acme.clientId, ttlSeconds: 10 }), 'ttlSeconds');
    expect(await count(t, 'auditLog', { tenantId: acme.id, operation: 'auth.embedToken.create' })).toBe(2);
  });

  it("answers 404 for another tenant's user or client", async () => {
    expectError(await mint({ userId: other.users.salesRep.id }), 404, 'not_found');
    expectError(await mint({ clientId: other.clientId }), 404, 'not_found');
  });

  it('refuses a deactivated user (409)', async () => {
    const gone = await createUser(t.db.ownerKnex, acme.id, { active: false });
    expectError(await mint({ userId: gone.id }), 409, 'invalid_state');
  });

  it('refuses roles without embedToken.create, and tokens worth more than the caller (403)', async () => {
    expectError(await mint({ clientId: acme.clientId }, acme.users.salesRep.token), 403, 'forbidden');
    expectError(await mint({ clientId: acme.clientId }, acme.users.clientViewer.token), 403, 'forbidden');
    expectError(await mint({ userId: acme.users.admin.id }, acme.users.salesManager.token), 403, 'forbidden');
    ok(await mint({ userId: acme.users.salesRep.id }, acme.users.salesManager.token));
  });
});
