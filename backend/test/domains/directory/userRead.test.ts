import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient, createUser } from '../../helpers/factories';
import { apiKeyToken } from '../engagements/world';
import { count, expectError, expectInvalid, ok } from './checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  for (let i = 0; i < 3; i++)
    await createUser(t.db.ownerKnex, acme.id, {
      email: `extra${i}@acme.test`,
      displayName: `Extra Person ${i}`,
      active: i !== 2,
    });
});
afterAll(async () => t?.close());

describe('user.list', () => {
  it('walks every user of the tenant by e-mail through the SDK, two per page, without duplicates', async () => {
    const seen: string[] = [];
    for await (const user of t.client(acme.users.admin.token).user.list({ limit: 2 })) {
      expect(user.tenantId).toBe(acme.id);
      seen.push(user.email);
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(await count(t, 'users', { tenantId: acme.id }));
    expect(seen).toEqual([...seen].sort());
  });

  it('answers the User shape with roles and client scope', async () => {
    const page = (await t.call('user.list', { role: 'clientViewer' }, acme.users.admin.token)).body;
    expect(page.nextCursor).toBeNull();
    expect(page.data).toEqual([
      expect.objectContaining({
        id: acme.users.clientViewer.id,
        roles: ['clientViewer'],
        clientIds: [acme.clientId],
        locale: null,
        invitedAt: null,
        lastSignInAt: null,
      }),
    ]);
  });

  it('filters by name or e-mail, active state and client', async () => {
    const byName = (await t.call('user.list', { q: 'extra person' }, acme.users.salesRep.token)).body.data;
    expect(byName.map((u: any) => u.email).sort()).toEqual([
      'extra0@acme.test',
      'extra1@acme.test',
      'extra2@acme.test',
    ]);
    const inactive = (await t.call('user.list', { active: false }, acme.users.salesRep.token)).body.data;
    expect(inactive.map((u: any) => u.email)).toEqual(['extra2@acme.test']);
    const byEmail = (await t.call('user.list', { q: 'ANALYST@' }, acme.users.salesRep.token)).body.data;
    expect(byEmail.map((u: any) => u.id)).toEqual([acme.users.analyst.id]);
    const byClient = (await t.call('user.list', { clientId: acme.clientId }, acme.users.salesRep.token)).body.data;
    expect(byClient.map((u: any) => u.id).sort()).toEqual(
      [acme.users.clientViewer.id, acme.users.clientApprover.id].sort(),
    );
    const wildcard = (await t.call('user.list', { q: '%' }, acme.users.salesRep.token)).body.data;
    expect(wildcard).toEqual([]);
  });

  it('accepts filters as a GET query string', async () => {
    const res = await t.call('user.list', undefined, acme.users.admin.token, {
      method: 'GET',
      query: 'active=false&limit=5',
    });
    expect(res.status).toBe(200);
    expect(res.body.data.map((u: any) => u.email)).toEqual(['extra2@acme.test']);
  });

  it('refuses a bad limit, role or cursor (400 naming the field)', async () => {
    expectInvalid(await t.call('user.list', { limit: 0 }, acme.users.admin.token), 'limit');
    expectInvalid(await t.call('user.list', { role: 'king' }, acme.users.admin.token), 'role');
    expectInvalid(await t.call('user.list', { cursor: 'garbage' }, acme.users.admin.token), 'cursor');
  });

  it("never shows another tenant's users, even filtered by that tenant's client", async () => {
    const mine = (await t.call('user.list', { limit: 200 }, acme.users.admin.token)).body.data;
    expect(mine.some((u: any) => u.tenantId !== acme.id)).toBe(false);
    const foreign = (await t.call('user.list', { clientId: other.clientId }, acme.users.admin.token)).body.data;
    expect(foreign).toEqual([]);
  });

  it('shows a client-confined API key only the users holding a role on one of its clients', async () => {
    const contoso = await createClient(t.db.ownerKnex, acme.id, { name: 'Contoso' });
    const contosoViewer = ok(
      await t.call(
        'user.invite',
        {
          email: 'viewer@contoso.test',
          displayName: 'Contoso Viewer',
          roles: ['clientViewer'],
          clientIds: [contoso.id],
        },
        acme.users.admin.token,
      ),
    );
    const northwindKey = await apiKeyToken(t, acme.id, 'analyst', [acme.clientId]);
    const northwind = (await t.call('user.list', { limit: 200 }, northwindKey)).body.data.map((u: any) => u.id);
    expect(northwind.sort()).toEqual([acme.users.clientViewer.id, acme.users.clientApprover.id].sort());
    expect((await t.call('user.list', { clientId: contoso.id }, northwindKey)).body.data).toEqual([]);
    const bothKey = await apiKeyToken(t, acme.id, 'analyst', [acme.clientId, contoso.id]);
    const both = (await t.call('user.list', { limit: 200 }, bothKey)).body.data.map((u: any) => u.id);
    expect(both.sort()).toEqual([acme.users.clientViewer.id, acme.users.clientApprover.id, contosoViewer.id].sort());
    const wide = await apiKeyToken(t, acme.id, 'analyst');
    expect((await t.call('user.list', { limit: 200 }, wide)).body.data.length).toBe(
      await count(t, 'users', { tenantId: acme.id }),
    );
  });

  it('refuses roles without directory.read (403)', async () => {
    expectError(await t.call('user.list', {}, acme.users.clientViewer.token), 403, 'forbidden');
    expectError(await t.call('user.list', {}, acme.users.clientApprover.token), 403, 'forbidden');
  });
});

describe('user.get', () => {
  it('answers one user with roles and client scope', async () => {
    const user = ok(await t.call('user.get', { id: acme.users.clientApprover.id }, acme.users.analyst.token));
    expect(user).toMatchObject({
      id: acme.users.clientApprover.id,
      tenantId: acme.id,
      email: acme.users.clientApprover.email,
      roles: ['clientApprover'],
      clientIds: [acme.clientId],
      active: true,
      timeZone: 'UTC',
      version: 1,
    });
  });

  it('refuses an id that is not a uuid (400)', async () => {
    expectInvalid(await t.call('user.get', { id: 'nope' }, acme.users.admin.token), 'id');
  });

  it("answers 404 for another tenant's user", async () => {
    expectError(await t.call('user.get', { id: other.users.admin.id }, acme.users.admin.token), 404, 'not_found');
  });

  it('answers 404 to a client-confined API key for a user holding no role on its clients', async () => {
    const key = await apiKeyToken(t, acme.id, 'analyst', [acme.clientId]);
    expect(ok(await t.call('user.get', { id: acme.users.clientViewer.id }, key))).toMatchObject({
      id: acme.users.clientViewer.id,
      clientIds: [acme.clientId],
    });
    expectError(await t.call('user.get', { id: acme.users.admin.id }, key), 404, 'not_found');
    expectError(await t.call('user.get', { id: other.users.clientViewer.id }, key), 404, 'not_found');
  });

  it('refuses client viewers (403)', async () => {
    expectError(await t.call('user.get', { id: acme.users.admin.id }, acme.users.clientViewer.token), 403, 'forbidden');
  });
});
