import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createClient } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok, row, withoutPermission } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let foreign: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  foreign = await createAccount(t.db.ownerKnex, other.id, { name: 'Foreign' });
});
afterAll(async () => t?.close());

const accounts = () => count(t, 'accounts', { tenantId: acme.id });
const rep = () => acme.users.salesRep.token;

describe('account.create', () => {
  it('creates the account (owner defaults to the caller) and audits it', async () => {
    const body = {
      name: 'Globex',
      domain: 'GLOBEX.com',
      industry: 'Energy',
      website: 'https://globex.com',
      phone: '+33612345678',
      clientId: acme.clientId,
      tags: ['vip', 'vip', 'eu'],
      customFields: { tier: 1 },
    };
    const a = ok(await t.call('account.create', body, rep()));
    expect(a).toMatchObject({
      tenantId: acme.id,
      name: 'Globex',
      domain: 'globex.com',
      industry: 'Energy',
      phone: '+33612345678',
      clientId: acme.clientId,
      ownerId: acme.users.salesRep.id,
      tags: ['vip', 'eu'],
      customFields: { tier: 1 },
      version: 1,
    });
    expect(await row(t, 'accounts', acme.id, a.id)).toMatchObject({
      domain: 'globex.com',
      tags: ['vip', 'eu'],
      customFields: { tier: 1 },
      ownerId: acme.users.salesRep.id,
    });
    const [audit] = await audits(t, acme.id, 'account.create', a.id);
    expect(audit).toMatchObject({ targetType: 'account', before: null });
    expect(audit!.after).toMatchObject({ name: 'Globex', industry: 'Energy' });
  });

  it('refuses bad input (400 naming the field) and writes nothing', async () => {
    const before = await accounts();
    expectInvalid(await t.call('account.create', { name: 'X', website: 'nope' }, rep()), 'website');
    expectInvalid(await t.call('account.create', { name: 'X', phone: '123' }, rep()), 'phone');
    expectInvalid(await t.call('account.create', { name: 'X', tags: [''] }, rep()), 'tags.0');
    expect(await accounts()).toBe(before);
  });

  it("refuses another tenant's client or owner (422) and writes nothing", async () => {
    const before = await accounts();
    const res = await t.call('account.create', { name: 'X', clientId: other.clientId }, rep());
    expectError(res, 422, 'reference_invalid');
    expect(res.body.error.details.issues[0].path).toBe('clientId');
    expectError(
      await t.call('account.create', { name: 'X', ownerId: other.users.salesRep.id }, rep()),
      422,
      'reference_invalid',
    );
    expect(await accounts()).toBe(before);
  });

  it('refuses roles without account.write (403)', async () => {
    const before = await accounts();
    expectError(await t.call('account.create', { name: 'X' }, acme.users.analyst.token), 403, 'forbidden');
    expectError(
      await t.call('account.create', { name: 'X', clientId: acme.clientId }, acme.users.clientViewer.token),
      403,
      'forbidden',
    );
    expect(await accounts()).toBe(before);
  });
});

describe('account.update', () => {
  it('changes details, clears the domain, bumps the version and audits before/after', async () => {
    const a = await createAccount(t.db.ownerKnex, acme.id, { name: 'Initech' });
    const updated = ok(
      await t.call(
        'account.update',
        {
          id: a.id,
          name: 'Initech Corp',
          domain: null,
          tags: ['a'],
          ownerId: acme.users.marketer.id,
          expectedVersion: 1,
        },
        rep(),
      ),
    );
    expect(updated).toMatchObject({
      name: 'Initech Corp',
      domain: null,
      tags: ['a'],
      ownerId: acme.users.marketer.id,
      version: 2,
    });
    expect(await row(t, 'accounts', acme.id, a.id)).toMatchObject({ name: 'Initech Corp', domain: null, version: 2 });
    const [audit] = await audits(t, acme.id, 'account.update', a.id);
    expect(audit!.before).toMatchObject({ name: 'Initech', version: 1 });
    expect(audit!.after).toMatchObject({ name: 'Initech Corp', version: 2 });
    expectError(
      await t.call('account.update', { id: a.id, name: 'Stale', expectedVersion: 1 }, rep()),
      409,
      'version_conflict',
    );
  });

  it('refuses bad input (400) and a foreign client (422), changing nothing', async () => {
    const a = await createAccount(t.db.ownerKnex, acme.id);
    expectInvalid(await t.call('account.update', { id: a.id, name: '' }, rep()), 'name');
    expectError(
      await t.call('account.update', { id: a.id, clientId: other.clientId }, rep()),
      422,
      'reference_invalid',
    );
    expect((await row(t, 'accounts', acme.id, a.id)).version).toBe(1);
  });

  it("answers 404 for another tenant's account and leaves it unchanged", async () => {
    expectError(await t.call('account.update', { id: foreign.id, name: 'Hijacked' }, rep()), 404, 'not_found');
    expect(await row(t, 'accounts', other.id, foreign.id)).toMatchObject({ name: 'Foreign', version: 1 });
  });

  it('refuses roles without account.write (403)', async () => {
    const a = await createAccount(t.db.ownerKnex, acme.id);
    expectError(await t.call('account.update', { id: a.id, name: 'X' }, acme.users.qa.token), 403, 'forbidden');
  });
});

describe('account.list', () => {
  it('walks every account by name through the SDK without duplicates, and filters', async () => {
    const contoso = await createClient(t.db.ownerKnex, acme.id);
    for (const name of ['Delta', 'Alpha', 'Charlie', 'Bravo'])
      await createAccount(t.db.ownerKnex, acme.id, {
        name,
        clientId: contoso.id,
        tags: name === 'Bravo' ? ['x', 'y'] : ['x'],
      });
    const seen: any[] = [];
    for await (const a of t.client(acme.users.analyst.token).account.list({ limit: 2 })) seen.push(a);
    expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);
    expect(seen.length).toBe(await accounts());
    expect(seen.map((a) => a.id)).not.toContain(foreign.id);
    const byClient = (await t.call('account.list', { clientId: contoso.id }, rep())).body.data;
    expect(byClient.map((a: any) => a.name)).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    const tagged = (await t.call('account.list', { clientId: contoso.id, tags: ['x', 'y'] }, rep())).body.data;
    expect(tagged.map((a: any) => a.name)).toEqual(['Bravo']);
    const viaQuery = await t.call('account.list', undefined, rep(), {
      method: 'GET',
      query: `clientId=${contoso.id}&tags=y,x`,
    });
    expect(viaQuery.body.data.map((a: any) => a.name)).toEqual(['Bravo']);
    expect((await t.call('account.list', { q: 'harl' }, rep())).body.data.map((a: any) => a.name)).toEqual(['Charlie']);
    expect((await t.call('account.list', { domain: 'GLOBEX.COM' }, rep())).body.data.map((a: any) => a.name)).toEqual([
      'Globex',
    ]);
    expect(
      (await t.call('account.list', { ownerId: acme.users.marketer.id }, rep())).body.data.map((a: any) => a.name),
    ).toEqual(['Initech Corp']);
  });

  it("shows client roles only their clients' accounts, never internal ones", async () => {
    const mine = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId, name: 'Northwind customer' });
    const viewer = (await t.call('account.list', { limit: 200 }, acme.users.clientViewer.token)).body.data;
    expect(viewer.map((a: any) => a.id)).toContain(mine.id);
    expect(viewer.every((a: any) => a.clientId === acme.clientId)).toBe(true);
  });

  it('refuses bad input (400) and callers without account.read (403)', async () => {
    expectInvalid(await t.call('account.list', { ownerId: 'me' }, rep()), 'ownerId');
    await withoutPermission(t, acme.id, 'qa', 'account.read', async () => {
      expectError(await t.call('account.list', {}, acme.users.qa.token), 403, 'forbidden');
    });
  });
});

describe('account.get', () => {
  it('answers one account; 404 for client roles outside their clients and for another tenant; 400 for a bad id', async () => {
    const internal = await createAccount(t.db.ownerKnex, acme.id, { name: 'Internal' });
    const mine = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    expect(ok(await t.call('account.get', { id: internal.id }, rep()))).toMatchObject({
      id: internal.id,
      name: 'Internal',
      clientId: null,
      tags: [],
      customFields: {},
    });
    expect(ok(await t.call('account.get', { id: mine.id }, acme.users.clientViewer.token)).id).toBe(mine.id);
    expectError(await t.call('account.get', { id: internal.id }, acme.users.clientViewer.token), 404, 'not_found');
    expectError(await t.call('account.get', { id: foreign.id }, rep()), 404, 'not_found');
    expectInvalid(await t.call('account.get', { id: 'x' }, rep()), 'id');
  });

  it('refuses callers without account.read (403)', async () => {
    await withoutPermission(t, acme.id, 'qa', 'account.read', async () => {
      expectError(await t.call('account.get', { id: foreign.id }, acme.users.qa.token), 403, 'forbidden');
    });
  });
});
