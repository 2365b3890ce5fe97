import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createUser } from '../../helpers/factories';
import { audits, expectError, expectInvalid, ok, row } from './checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
});
afterAll(async () => t?.close());

/** A user of acme with a working dev token. */
async function person(role: 'salesRep' | 'admin' | 'analyst', email: string) {
  const user = await createUser(t.db.ownerKnex, acme.id, { role, email });
  await t.db.ownerKnex('users').where({ tenantId: acme.id, id: user.id }).update({ entraObjectId: user.id });
  return { id: user.id, token: await t.token('acme', email) };
}

const rolesOf = async (userId: string) =>
  (await t.db.ownerKnex('roleAssignments').where({ tenantId: acme.id, userId }).orderBy('role')).map((r) => [
    r.role,
    r.clientId,
  ]);

describe('user.update', () => {
  it('renames and replaces the roles, bumps the version and audits before/after', async () => {
    const rep = await person('salesRep', 'rename@acme.test');
    const user = ok(
      await t.call(
        'user.update',
        { id: rep.id, displayName: 'Renamed', roles: ['clientViewer'], clientIds: [acme.clientId], expectedVersion: 1 },
        acme.users.admin.token,
      ),
    );
    expect(user).toMatchObject({
      id: rep.id,
      displayName: 'Renamed',
      roles: ['clientViewer'],
      clientIds: [acme.clientId],
      version: 2,
    });
    expect(await row(t, 'users', acme.id, rep.id)).toMatchObject({ displayName: 'Renamed', version: 2 });
    expect(await rolesOf(rep.id)).toEqual([['clientViewer', acme.clientId]]);
    const [audit] = await audits(t, acme.id, 'user.update', rep.id);
    expect(audit!.before).toMatchObject({ roles: ['salesRep'], version: 1 });
    expect(audit!.after).toMatchObject({ roles: ['clientViewer'], version: 2 });
    // Roles without client roles drop the client scope.
    const back = ok(await t.call('user.update', { id: rep.id, roles: ['salesRep'] }, acme.users.admin.token));
    expect(back).toMatchObject({ roles: ['salesRep'], clientIds: null, version: 3 });
  });

  it('makes a cached token pick up new roles and deactivation at once', async () => {
    const rep = await person('salesRep', 'cached@acme.test');
    expect(ok(await t.call('me.get', {}, rep.token)).roles).toEqual(['salesRep']);
    ok(await t.call('user.update', { id: rep.id, roles: ['analyst'] }, acme.users.admin.token));
    expect(ok(await t.call('me.get', {}, rep.token)).roles).toEqual(['analyst']);
    expectError(await t.call('account.create', { name: 'Nope' }, rep.token), 403, 'forbidden');
    ok(await t.call('user.update', { id: rep.id, active: false }, acme.users.admin.token));
    expectError(await t.call('me.get', {}, rep.token), 401, 'unauthenticated');
  });

  it('answers 409 version_conflict for a stale expectedVersion', async () => {
    const rep = await person('salesRep', 'stale@acme.test');
    expectError(
      await t.call('user.update', { id: rep.id, displayName: 'X', expectedVersion: 7 }, acme.users.admin.token),
      409,
      'version_conflict',
    );
    expect((await row(t, 'users', acme.id, rep.id)).version).toBe(1);
  });

  it('keeps the last active admin (409 invalid_state), and lets an admin step down when another exists', async () => {
    const admin = acme.users.admin;
    expectError(
      await t.call('user.update', { id: admin.id, roles: ['salesManager'] }, admin.token),
      409,
      'invalid_state',
    );
    expectError(await t.call('user.update', { id: admin.id, active: false }, admin.token), 409, 'invalid_state');
    expect(await rolesOf(admin.id)).toEqual([['admin', null]]);
    const second = await person('admin', 'second-admin@acme.test');
    ok(await t.call('user.update', { id: second.id, roles: ['admin', 'salesManager'] }, admin.token));
    expect(ok(await t.call('user.update', { id: second.id, roles: ['salesManager'] }, second.token)).roles).toEqual([
      'salesManager',
    ]);
  });

  it('refuses bad input (400 naming the field) and changes nothing', async () => {
    const rep = await person('salesRep', 'bad@acme.test');
    expectInvalid(await t.call('user.update', { id: rep.id, roles: [] }, acme.users.admin.token), 'roles');
    expectInvalid(
      await t.call('user.update', { id: rep.id, timeZone: 'Mars/Olympus' }, acme.users.admin.token),
      'timeZone',
    );
    expectInvalid(
      await t.call('user.update', { id: rep.id, roles: ['clientViewer'], clientIds: [] }, acme.users.admin.token),
      'clientIds',
    );
    expect((await row(t, 'users', acme.id, rep.id)).version).toBe(1);
    expect(await rolesOf(rep.id)).toEqual([['salesRep', null]]);
  });

  it("answers 404 for another tenant's user and leaves it unchanged", async () => {
    expectError(
      await t.call('user.update', { id: other.users.salesRep.id, displayName: 'Hijacked' }, acme.users.admin.token),
      404,
      'not_found',
    );
    expect(await row(t, 'users', other.id, other.users.salesRep.id)).toMatchObject({
      displayName: 'salesRep user',
      version: 1,
    });
  });

  it("answers 422 for another tenant's client in clientIds", async () => {
    const rep = await person('salesRep', 'foreign-client@acme.test');
    expectError(
      await t.call(
        'user.update',
        { id: rep.id, roles: ['clientViewer'], clientIds: [other.clientId] },
        acme.users.admin.token,
      ),
      422,
      'reference_invalid',
    );
    expect(await rolesOf(rep.id)).toEqual([['salesRep', null]]);
  });

  it('refuses roles without user.manage, and non-admins touching admin rights (403)', async () => {
    const rep = await person('salesRep', 'forbidden@acme.test');
    expectError(
      await t.call('user.update', { id: rep.id, displayName: 'X' }, acme.users.analyst.token),
      403,
      'forbidden',
    );
    expectError(
      await t.call('user.update', { id: rep.id, roles: ['admin'] }, acme.users.salesManager.token),
      403,
      'forbidden',
    );
    expectError(
      await t.call('user.update', { id: acme.users.admin.id, active: false }, acme.users.salesManager.token),
      403,
      'forbidden',
    );
    expect(await rolesOf(rep.id)).toEqual([['salesRep', null]]);
  });
});
