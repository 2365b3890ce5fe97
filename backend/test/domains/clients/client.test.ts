import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok, row, withoutPermission } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

const clients = () => count(t, 'clients', { tenantId: acme.id });
const admin = () => acme.users.admin.token;

describe('client.create', () => {
  it('creates the client and audits it', async () => {
    const client = ok(
      await t.call(
        'client.create',
        { name: ' Fabrikam ', code: 'FAB', domain: 'Fabrikam.COM', ownerId: acme.users.salesManager.id },
        acme.users.salesManager.token,
      ),
    );
    expect(client).toMatchObject({
      tenantId: acme.id,
      name: 'Fabrikam',
      code: 'FAB',
      domain: 'fabrikam.com',
      ownerId: acme.users.salesManager.id,
      archivedAt: null,
      version: 1,
    });
    expect(await row(t, 'clients', acme.id, client.id)).toMatchObject({
      name: 'Fabrikam',
      code: 'FAB',
      status: 'active',
    });
    const [audit] = await audits(t, acme.id, 'client.create', client.id);
    expect(audit).toMatchObject({ targetType: 'client', before: null, actor: `user:${acme.users.salesManager.id}` });
    expect(audit!.after).toMatchObject({ name: 'Fabrikam', code: 'FAB' });
  });

  it('refuses a duplicate code (409) and bad input (400), writing nothing', async () => {
    const before = await clients();
    expectError(await t.call('client.create', { name: 'Again', code: 'FAB' }, admin()), 409, 'already_exists');
    expectInvalid(await t.call('client.create', { name: '' }, admin()), 'name');
    expectInvalid(await t.call('client.create', { name: 'X', domain: 'not a domain' }, admin()), 'domain');
    expect(await clients()).toBe(before);
  });

  it("refuses another tenant's user as owner (422) and writes nothing", async () => {
    const before = await clients();
    const res = await t.call('client.create', { name: 'X', ownerId: other.users.admin.id }, admin());
    expectError(res, 422, 'reference_invalid');
    expect(res.body.error.details.issues[0].path).toBe('ownerId');
    expect(await clients()).toBe(before);
  });

  it('refuses roles without client.write (403)', async () => {
    const before = await clients();
    expectError(await t.call('client.create', { name: 'X' }, acme.users.salesRep.token), 403, 'forbidden');
    expectError(await t.call('client.create', { name: 'X' }, acme.users.clientApprover.token), 403, 'forbidden');
    expect(await clients()).toBe(before);
  });

  it('replays a repeated Idempotency-Key: one row, same id', async () => {
    const headers = { 'idempotency-key': 'client-create-1' };
    const a = ok(await t.call('client.create', { name: 'Once' }, admin(), { headers }));
    const b = ok(await t.call('client.create', { name: 'Once' }, admin(), { headers }));
    expect(b.id).toBe(a.id);
    expect(await count(t, 'clients', { tenantId: acme.id, name: 'Once' })).toBe(1);
    expectError(await t.call('client.create', { name: 'Twice' }, admin(), { headers }), 409, 'idempotency_conflict');
  });
});

describe('client.update', () => {
  it('changes the details, bumps the version and audits before/after', async () => {
    const c = await createClient(t.db.ownerKnex, acme.id, { name: 'Old name', code: 'OLD' });
    const client = ok(
      await t.call(
        'client.update',
        { id: c.id, name: 'New name', code: null, domain: 'new.example', expectedVersion: 1 },
        admin(),
      ),
    );
    expect(client).toMatchObject({ name: 'New name', code: null, domain: 'new.example', version: 2 });
    expect(await row(t, 'clients', acme.id, c.id)).toMatchObject({ name: 'New name', code: null, version: 2 });
    const [audit] = await audits(t, acme.id, 'client.update', c.id);
    expect(audit!.before).toMatchObject({ name: 'Old name', code: 'OLD', version: 1 });
    expect(audit!.after).toMatchObject({ name: 'New name', code: null, version: 2 });
    expectError(
      await t.call('client.update', { id: c.id, name: 'Stale', expectedVersion: 1 }, admin()),
      409,
      'version_conflict',
    );
  });

  it('refuses bad input (400) and an archived client (409), changing nothing', async () => {
    const c = await createClient(t.db.ownerKnex, acme.id, { status: 'archived', archivedAt: new Date() });
    expectInvalid(await t.call('client.update', { id: c.id, name: '' }, admin()), 'name');
    expectError(await t.call('client.update', { id: c.id, name: 'Revived' }, admin()), 409, 'invalid_state');
    expect((await row(t, 'clients', acme.id, c.id)).version).toBe(1);
  });

  it("answers 404 for another tenant's client and leaves it unchanged", async () => {
    expectError(await t.call('client.update', { id: other.clientId, name: 'Hijacked' }, admin()), 404, 'not_found');
    expect((await row(t, 'clients', other.id, other.clientId)).name).toBe('Northwind');
  });

  it('refuses roles without client.write (403)', async () => {
    expectError(
      await t.call('client.update', { id: acme.clientId, name: 'X' }, acme.users.analyst.token),
      403,
      'forbidden',
    );
  });
});

describe('client.archive', () => {
  it('archives the client (hidden from lists unless asked), audits it, and is a no-op the second time', async () => {
    const c = await createClient(t.db.ownerKnex, acme.id, { name: 'Archivable' });
    const client = ok(await t.call('client.archive', { id: c.id, expectedVersion: 1 }, admin()));
    expect(client).toMatchObject({ id: c.id, archivedAt: expect.any(String), version: 2 });
    expect(await row(t, 'clients', acme.id, c.id)).toMatchObject({ status: 'archived', version: 2 });
    expect((await audits(t, acme.id, 'client.archive', c.id))[0]!.after).toMatchObject({ version: 2 });
    const listed = (await t.call('client.list', { limit: 200 }, admin())).body.data.map((x: any) => x.id);
    expect(listed).not.toContain(c.id);
    const all = (await t.call('client.list', { limit: 200, includeArchived: true }, admin())).body.data.map(
      (x: any) => x.id,
    );
    expect(all).toContain(c.id);
    expect(ok(await t.call('client.archive', { id: c.id }, admin())).version).toBe(2);
  });

  it('refuses a bad id (400), another tenant (404) and roles without client.write (403)', async () => {
    expectInvalid(await t.call('client.archive', { id: 'x' }, admin()), 'id');
    expectError(await t.call('client.archive', { id: other.clientId }, admin()), 404, 'not_found');
    expect((await row(t, 'clients', other.id, other.clientId)).status).toBe('active');
    expectError(await t.call('client.archive', { id: acme.clientId }, acme.users.salesRep.token), 403, 'forbidden');
  });
});

describe('client.list', () => {
  it('walks every active client by name through the SDK without duplicates, filters by q', async () => {
    for (const name of ['Zeta', 'Alpha', 'Mu', 'Alpha']) await createClient(t.db.ownerKnex, acme.id, { name });
    const seen: any[] = [];
    for await (const c of t.client(acme.users.analyst.token).client.list({ limit: 2 })) seen.push(c);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    expect(seen.length).toBe(await count(t, 'clients', { tenantId: acme.id, status: 'active' }));
    const names = seen.map((c) => c.name);
    expect(names.indexOf('Alpha')).toBeLessThan(names.indexOf('Zeta'));
    const q = (await t.call('client.list', { q: 'alp' }, admin())).body.data;
    expect(q.map((c: any) => c.name)).toEqual(['Alpha', 'Alpha']);
  });

  it("shows client roles only their own clients, and nobody another tenant's", async () => {
    const viewer = (await t.call('client.list', { includeArchived: true }, acme.users.clientViewer.token)).body.data;
    expect(viewer.map((c: any) => c.id)).toEqual([acme.clientId]);
    const all = (await t.call('client.list', { includeArchived: true, limit: 200 }, admin())).body.data;
    expect(all.map((c: any) => c.id)).not.toContain(other.clientId);
  });

  it('refuses bad input (400)', async () => {
    expectInvalid(await t.call('client.list', { includeArchived: 'maybe' }, admin()), 'includeArchived');
  });

  it('refuses callers without client.read (403)', async () => {
    await withoutPermission(t, acme.id, 'qa', 'client.read', async () => {
      expectError(await t.call('client.list', {}, acme.users.qa.token), 403, 'forbidden');
    });
  });
});

describe('client.get', () => {
  it('answers one client; client roles get 404 for other clients; another tenant 404; bad id 400', async () => {
    const c = await createClient(t.db.ownerKnex, acme.id, { name: 'Gettable', code: 'GET' });
    expect(ok(await t.call('client.get', { id: c.id }, acme.users.salesRep.token))).toMatchObject({
      id: c.id,
      name: 'Gettable',
      code: 'GET',
      archivedAt: null,
    });
    expect(ok(await t.call('client.get', { id: acme.clientId }, acme.users.clientViewer.token)).id).toBe(acme.clientId);
    expectError(await t.call('client.get', { id: c.id }, acme.users.clientViewer.token), 404, 'not_found');
    expectError(await t.call('client.get', { id: other.clientId }, admin()), 404, 'not_found');
    expectInvalid(await t.call('client.get', { id: 'nope' }, admin()), 'id');
  });

  it('refuses callers without client.read (403)', async () => {
    await withoutPermission(t, acme.id, 'qa', 'client.read', async () => {
      expectError(await t.call('client.get', { id: acme.clientId }, acme.users.qa.token), 403, 'forbidden');
    });
  });
});
