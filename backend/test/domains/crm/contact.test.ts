import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createClient, createContact } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok, row, withoutPermission } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let account: { id: string };
let foreign: { id: string; accountId: string };
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  account = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId, name: 'Northwind buyer' });
  foreign = await createContact(t.db.ownerKnex, other.id, { firstName: 'Foreign' });
});
afterAll(async () => t?.close());

const contacts = () => count(t, 'contacts', { tenantId: acme.id });
const rep = () => acme.users.salesRep.token;

describe('contact.create', () => {
  it("creates the contact (e-mail lowercased, the account's client, the caller as owner) and audits it", async () => {
    const body = {
      accountId: account.id,
      firstName: 'Ada',
      lastName: 'Lovelace',
      title: 'CTO',
      email: 'Ada@Example.COM',
      phone: '+447700900123',
      timeZone: 'Europe/London',
      locale: 'en-GB',
      tags: ['tech'],
    };
    const c = ok(await t.call('contact.create', body, rep()));
    expect(c).toMatchObject({
      ...body,
      tenantId: acme.id,
      email: 'ada@example.com',
      clientId: acme.clientId,
      ownerId: acme.users.salesRep.id,
      optedOut: false,
      optOutAt: null,
      score: 0,
      version: 1,
    });
    expect(await row(t, 'contacts', acme.id, c.id)).toMatchObject({
      email: 'ada@example.com',
      clientId: acme.clientId,
      mergedIntoId: null,
    });
    expect((await audits(t, acme.id, 'contact.create', c.id))[0]!.after).toMatchObject({
      firstName: 'Ada',
      title: 'CTO',
    });
  });

  it('refuses a duplicate e-mail in the same client (409) but allows it for another client', async () => {
    const before = await contacts();
    expectError(
      await t.call('contact.create', { accountId: account.id, firstName: 'Dup', email: 'ADA@example.com' }, rep()),
      409,
      'already_exists',
    );
    expect(await contacts()).toBe(before);
    const contoso = await createAccount(t.db.ownerKnex, acme.id, {
      clientId: (await createClient(t.db.ownerKnex, acme.id)).id,
    });
    ok(await t.call('contact.create', { accountId: contoso.id, firstName: 'Ada', email: 'ada@example.com' }, rep()));
  });

  it('refuses bad input (400 naming the field) and writes nothing', async () => {
    const before = await contacts();
    expectInvalid(await t.call('contact.create', { accountId: account.id, firstName: '' }, rep()), 'firstName');
    expectInvalid(
      await t.call('contact.create', { accountId: account.id, firstName: 'X', email: 'nope' }, rep()),
      'email',
    );
    expectInvalid(
      await t.call('contact.create', { accountId: account.id, firstName: 'X', timeZone: 'Nowhere/City' }, rep()),
      'timeZone',
    );
    expect(await contacts()).toBe(before);
  });

  it("refuses another tenant's account (422), and a client other than the account's (422), writing nothing", async () => {
    const before = await contacts();
    const res = await t.call('contact.create', { accountId: foreign.accountId, firstName: 'X' }, rep());
    expectError(res, 422, 'reference_invalid');
    expect(res.body.error.details.issues[0].path).toBe('accountId');
    expectError(
      await t.call('contact.create', { accountId: account.id, clientId: null, firstName: 'X' }, rep()),
      422,
      'reference_invalid',
    );
    expect(await contacts()).toBe(before);
  });

  it('refuses roles without contact.write (403)', async () => {
    expectError(
      await t.call('contact.create', { accountId: account.id, firstName: 'X' }, acme.users.analyst.token),
      403,
      'forbidden',
    );
    expectError(
      await t.call('contact.create', { accountId: account.id, firstName: 'X' }, acme.users.clientApprover.token),
      403,
      'forbidden',
    );
  });
});

describe('contact.update', () => {
  it('stamps optOutAt when opting out, clears it when opting in, bumps the version and audits', async () => {
    const c = await createContact(t.db.ownerKnex, acme.id, {
      accountId: account.id,
      clientId: acme.clientId,
      firstName: 'Grace',
    });
    const out = ok(
      await t.call(
        'contact.update',
        { id: c.id, optedOut: true, email: 'GRACE@Example.com', expectedVersion: 1 },
        rep(),
      ),
    );
    expect(out).toMatchObject({ optedOut: true, optOutAt: expect.any(String), email: 'grace@example.com', version: 2 });
    expect(await row(t, 'contacts', acme.id, c.id)).toMatchObject({
      optedOut: true,
      email: 'grace@example.com',
      version: 2,
    });
    const [audit] = await audits(t, acme.id, 'contact.update', c.id);
    expect(audit!.before).toMatchObject({ optedOut: false, version: 1 });
    expect(audit!.after).toMatchObject({ optedOut: true, version: 2 });
    const back = ok(await t.call('contact.update', { id: c.id, optedOut: false }, rep()));
    expect(back).toMatchObject({ optedOut: false, optOutAt: null, version: 3 });
    expectError(
      await t.call('contact.update', { id: c.id, title: 'Stale', expectedVersion: 1 }, rep()),
      409,
      'version_conflict',
    );
  });

  it("follows its new account's client when moved", async () => {
    const c = await createContact(t.db.ownerKnex, acme.id, { firstName: 'Mover' });
    const moved = ok(await t.call('contact.update', { id: c.id, accountId: account.id }, rep()));
    expect(moved).toMatchObject({ accountId: account.id, clientId: acme.clientId });
  });

  it("refuses bad input (400) and another tenant's account (422), changing nothing", async () => {
    const c = await createContact(t.db.ownerKnex, acme.id);
    expectInvalid(await t.call('contact.update', { id: c.id, phone: '0612' }, rep()), 'phone');
    expectError(
      await t.call('contact.update', { id: c.id, accountId: foreign.accountId }, rep()),
      422,
      'reference_invalid',
    );
    expect((await row(t, 'contacts', acme.id, c.id)).version).toBe(1);
  });

  it("answers 404 for another tenant's contact and leaves it unchanged", async () => {
    expectError(await t.call('contact.update', { id: foreign.id, firstName: 'Hijacked' }, rep()), 404, 'not_found');
    expect(await row(t, 'contacts', other.id, foreign.id)).toMatchObject({ firstName: 'Foreign', version: 1 });
  });

  it('refuses roles without contact.write (403)', async () => {
    const c = await createContact(t.db.ownerKnex, acme.id);
    expectError(await t.call('contact.update', { id: c.id, firstName: 'X' }, acme.users.qa.token), 403, 'forbidden');
  });
});

describe('contact.list', () => {
  it('walks the live contacts by name through the SDK without duplicates, and filters', async () => {
    const acct = await createAccount(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    for (const [first, last] of [
      ['Zoe', 'Adams'],
      ['Yan', 'Brown'],
      ['Xi', 'Adams'],
      ['Wu', 'Clark'],
    ]) {
      await createContact(t.db.ownerKnex, acme.id, {
        accountId: acct.id,
        clientId: acme.clientId,
        firstName: first,
        lastName: last,
        tags: last === 'Adams' ? ['fam'] : [],
      });
    }
    const seen: any[] = [];
    for await (const c of t.client(acme.users.analyst.token).contact.list({ limit: 2 })) seen.push(c);
    expect(new Set(seen.map((c) => c.id)).size).toBe(seen.length);
    expect(seen.length).toBe(await count(t, 'contacts', { tenantId: acme.id, mergedIntoId: null }));
    expect(seen.map((c) => c.id)).not.toContain(foreign.id);
    const byAccount = (await t.call('contact.list', { accountId: acct.id }, rep())).body.data;
    expect(byAccount.map((c: any) => `${c.firstName} ${c.lastName}`)).toEqual([
      'Xi Adams',
      'Zoe Adams',
      'Yan Brown',
      'Wu Clark',
    ]);
    expect((await t.call('contact.list', { accountId: acct.id, tags: ['fam'] }, rep())).body.data).toHaveLength(2);
    expect((await t.call('contact.list', { q: 'zoe ad' }, rep())).body.data.map((c: any) => c.firstName)).toEqual([
      'Zoe',
    ]);
    expect(
      (await t.call('contact.list', { email: 'ADA@example.com', clientId: acme.clientId }, rep())).body.data,
    ).toHaveLength(1);
    expect((await t.call('contact.list', { optedOut: true }, rep())).body.data).toEqual([]);
    // By ids (the primary contacts of a board's cards): only those, in name order; another tenant's is not there.
    const picked = [byAccount[3].id, byAccount[0].id, foreign.id];
    const byIds = (await t.call('contact.list', { ids: picked }, rep())).body.data;
    expect(byIds.map((c: any) => c.firstName)).toEqual(['Xi', 'Wu']);
  });

  it("shows client roles only their clients' contacts", async () => {
    await createContact(t.db.ownerKnex, acme.id, { firstName: 'Internal person' });
    const viewer = (await t.call('contact.list', { limit: 200 }, acme.users.clientViewer.token)).body.data;
    expect(viewer.length).toBeGreaterThan(0);
    expect(viewer.every((c: any) => c.clientId === acme.clientId)).toBe(true);
  });

  it('refuses bad input (400) and callers without contact.read (403)', async () => {
    expectInvalid(await t.call('contact.list', { email: 'x' }, rep()), 'email');
    await withoutPermission(t, acme.id, 'qa', 'contact.read', async () => {
      expectError(await t.call('contact.list', {}, acme.users.qa.token), 403, 'forbidden');
    });
  });
});

describe('contact.get', () => {
  it('answers one contact; 404 for client roles outside their clients and another tenant; 400 for a bad id', async () => {
    const internal = await createContact(t.db.ownerKnex, acme.id, { firstName: 'Inside', lastName: null });
    expect(ok(await t.call('contact.get', { id: internal.id }, rep()))).toMatchObject({
      id: internal.id,
      firstName: 'Inside',
      lastName: '',
      clientId: null,
    });
    expectError(await t.call('contact.get', { id: internal.id }, acme.users.clientViewer.token), 404, 'not_found');
    expectError(await t.call('contact.get', { id: foreign.id }, rep()), 404, 'not_found');
    expectInvalid(await t.call('contact.get', { id: 'x' }, rep()), 'id');
  });

  it('refuses callers without contact.read (403)', async () => {
    await withoutPermission(t, acme.id, 'qa', 'contact.read', async () => {
      expectError(await t.call('contact.get', { id: foreign.id }, acme.users.qa.token), 403, 'forbidden');
    });
  });
});
