import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient } from '../../helpers/factories';
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

const users = () => count(t, 'users', { tenantId: acme.id });
const assignments = () => count(t, 'roleAssignments', { tenantId: acme.id });

describe('user.invite', () => {
  it('creates the user (e-mail lowercased) with its roles, and audits it', async () => {
    const user = ok(
      await t.call(
        'user.invite',
        { email: 'New.Rep@Acme.TEST', displayName: 'New Rep', roles: ['salesRep', 'qa'], timeZone: 'Europe/Paris' },
        acme.users.admin.token,
      ),
    );
    expect(user).toMatchObject({
      tenantId: acme.id,
      email: 'new.rep@acme.test',
      displayName: 'New Rep',
      roles: ['qa', 'salesRep'],
      clientIds: null,
      active: true,
      timeZone: 'Europe/Paris',
      version: 1,
    });
    expect(user.invitedAt).toEqual(expect.any(String));
    const stored = await row(t, 'users', acme.id, user.id);
    expect(stored).toMatchObject({
      email: 'new.rep@acme.test',
      active: true,
      timeZone: 'Europe/Paris',
      entraObjectId: null,
    });
    const roles = await t.db.ownerKnex('roleAssignments').where({ tenantId: acme.id, userId: user.id }).orderBy('role');
    expect(roles.map((r) => [r.role, r.clientId])).toEqual([
      ['qa', null],
      ['salesRep', null],
    ]);
    const [audit] = await audits(t, acme.id, 'user.invite', user.id);
    expect(audit).toMatchObject({ actor: `user:${acme.users.admin.id}`, targetType: 'user', before: null });
    expect(audit!.after).toMatchObject({ displayName: 'New Rep', roles: ['qa', 'salesRep'], active: true });
  });

  it('confines client roles to the given clients (a salesManager may invite)', async () => {
    const second = await createClient(t.db.ownerKnex, acme.id);
    const user = ok(
      await t.call(
        'user.invite',
        {
          email: 'viewer2@acme.test',
          displayName: 'Viewer',
          roles: ['clientViewer'],
          clientIds: [acme.clientId, second.id],
        },
        acme.users.salesManager.token,
      ),
    );
    expect(user.clientIds).toEqual([acme.clientId, second.id].sort());
    expect(await count(t, 'roleAssignments', { tenantId: acme.id, userId: user.id })).toBe(2);
  });

  it('refuses a duplicate e-mail (409) and writes nothing', async () => {
    const [u, a] = [await users(), await assignments()];
    expectError(
      await t.call(
        'user.invite',
        { email: acme.users.analyst.email.toUpperCase(), displayName: 'Dup', roles: ['analyst'] },
        acme.users.admin.token,
      ),
      409,
      'already_exists',
    );
    expect([await users(), await assignments()]).toEqual([u, a]);
  });

  it('refuses bad input (400 naming the field) and writes nothing', async () => {
    const before = await users();
    expectInvalid(
      await t.call(
        'user.invite',
        { email: 'not-an-email', displayName: 'X', roles: ['analyst'] },
        acme.users.admin.token,
      ),
      'email',
    );
    expectInvalid(
      await t.call('user.invite', { email: 'x@acme.test', displayName: 'X', roles: [] }, acme.users.admin.token),
      'roles',
    );
    expectInvalid(
      await t.call(
        'user.invite',
        { email: 'x@acme.test', displayName: 'X', roles: ['clientViewer'] },
        acme.users.admin.token,
      ),
      'clientIds',
    );
    expectInvalid(
      await t.call(
        'user.invite',
        { email: 'x@acme.test', displayName: 'X', roles: ['salesRep'], clientIds: [acme.clientId] },
        acme.users.admin.token,
      ),
      'clientIds',
    );
    expect(await users()).toBe(before);
  });

  it("refuses another tenant's client (422) and writes nothing", async () => {
    const before = await users();
    const res = await t.call(
      'user.invite',
      { email: 'y@acme.test', displayName: 'Y', roles: ['clientViewer'], clientIds: [other.clientId] },
      acme.users.admin.token,
    );
    expectError(res, 422, 'reference_invalid');
    expect(res.body.error.details.issues[0].path).toBe('clientIds');
    expect(await users()).toBe(before);
    expect(await count(t, 'users', { tenantId: other.id })).toBe(8);
  });

  it('refuses roles without user.manage, and non-admins granting admin (403)', async () => {
    const before = await users();
    expectError(
      await t.call(
        'user.invite',
        { email: 'z@acme.test', displayName: 'Z', roles: ['analyst'] },
        acme.users.analyst.token,
      ),
      403,
      'forbidden',
    );
    expectError(
      await t.call(
        'user.invite',
        { email: 'z@acme.test', displayName: 'Z', roles: ['admin'] },
        acme.users.salesManager.token,
      ),
      403,
      'forbidden',
    );
    expect(await users()).toBe(before);
  });

  it('replays a repeated Idempotency-Key and refuses the same key with another body', async () => {
    const body = { email: 'idem@acme.test', displayName: 'Idem', roles: ['marketer'] };
    const headers = { 'idempotency-key': 'invite-idem-1' };
    const first = await t.call('user.invite', body, acme.users.admin.token, { headers });
    const again = await t.call('user.invite', body, acme.users.admin.token, { headers });
    expect(ok(again).id).toBe(ok(first).id);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await count(t, 'users', { tenantId: acme.id, email: 'idem@acme.test' })).toBe(1);
    const conflict = await t.call('user.invite', { ...body, displayName: 'Other' }, acme.users.admin.token, {
      headers,
    });
    expectError(conflict, 409, 'idempotency_conflict');
  });
});
