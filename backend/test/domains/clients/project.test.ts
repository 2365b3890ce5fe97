import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createClient, createProject } from '../../helpers/factories';
import { audits, count, expectError, expectInvalid, ok, row, withoutPermission } from '../directory/checks';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let otherProject: { id: string };
beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant('acme');
  other = await t.tenant('other');
  otherProject = await createProject(t.db.ownerKnex, other.id, { clientId: other.clientId, name: 'Foreign' });
});
afterAll(async () => t?.close());

const projects = () => count(t, 'projects', { tenantId: acme.id });
const admin = () => acme.users.admin.token;

describe('project.create', () => {
  it('creates a project of a client and audits it', async () => {
    const body = {
      clientId: acme.clientId,
      name: 'Launch',
      code: 'L1',
      startDate: '2026-01-01',
      endDate: '2026-06-30',
    };
    const p = ok(await t.call('project.create', body, acme.users.salesManager.token));
    expect(p).toMatchObject({ tenantId: acme.id, ...body, archivedAt: null, version: 1 });
    expect(await row(t, 'projects', acme.id, p.id)).toMatchObject({
      clientId: acme.clientId,
      name: 'Launch',
      startDate: '2026-01-01',
      endDate: '2026-06-30',
    });
    expect((await audits(t, acme.id, 'project.create', p.id))[0]!.after).toMatchObject({ name: 'Launch', code: 'L1' });
  });

  it('refuses bad input (400), a duplicate code in the client (409) and an archived client (422), writing nothing', async () => {
    const before = await projects();
    expectInvalid(
      await t.call(
        'project.create',
        { clientId: acme.clientId, name: 'X', startDate: '2026-05-01', endDate: '2026-01-01' },
        admin(),
      ),
      'endDate',
    );
    expectInvalid(await t.call('project.create', { name: 'X' }, admin()), 'clientId');
    expectError(
      await t.call('project.create', { clientId: acme.clientId, name: 'Again', code: 'L1' }, admin()),
      409,
      'already_exists',
    );
    const archived = await createClient(t.db.ownerKnex, acme.id, { status: 'archived', archivedAt: new Date() });
    expectError(
      await t.call('project.create', { clientId: archived.id, name: 'X' }, admin()),
      422,
      'reference_invalid',
    );
    expect(await projects()).toBe(before);
  });

  it("refuses another tenant's client (422) and writes nothing", async () => {
    const before = await projects();
    const res = await t.call('project.create', { clientId: other.clientId, name: 'X' }, admin());
    expectError(res, 422, 'reference_invalid');
    expect(res.body.error.details.issues[0].path).toBe('clientId');
    expect(await projects()).toBe(before);
    expect(await count(t, 'projects', { tenantId: other.id })).toBe(1);
  });

  it('refuses roles without client.write (403)', async () => {
    expectError(
      await t.call('project.create', { clientId: acme.clientId, name: 'X' }, acme.users.marketer.token),
      403,
      'forbidden',
    );
  });
});

describe('project.update', () => {
  it('changes name and dates, bumps the version and audits before/after', async () => {
    const p = await createProject(t.db.ownerKnex, acme.id, {
      clientId: acme.clientId,
      name: 'Before',
      startDate: '2026-01-01',
    });
    const updated = ok(
      await t.call('project.update', { id: p.id, name: 'After', endDate: '2026-12-31', expectedVersion: 1 }, admin()),
    );
    expect(updated).toMatchObject({ name: 'After', startDate: '2026-01-01', endDate: '2026-12-31', version: 2 });
    expect(await row(t, 'projects', acme.id, p.id)).toMatchObject({ name: 'After', endDate: '2026-12-31', version: 2 });
    const [audit] = await audits(t, acme.id, 'project.update', p.id);
    expect(audit!.before).toMatchObject({ name: 'Before', endDate: null });
    expect(audit!.after).toMatchObject({ name: 'After', version: 2 });
    expectError(
      await t.call('project.update', { id: p.id, name: 'Stale', expectedVersion: 1 }, admin()),
      409,
      'version_conflict',
    );
  });

  it('refuses bad input (400, also an end before the stored start) and changes nothing', async () => {
    const p = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId, startDate: '2026-06-01' });
    expectInvalid(await t.call('project.update', { id: p.id, name: '' }, admin()), 'name');
    expectInvalid(await t.call('project.update', { id: p.id, endDate: '2026-01-01' }, admin()), 'endDate');
    expect((await row(t, 'projects', acme.id, p.id)).version).toBe(1);
  });

  it("answers 404 for another tenant's project and leaves it unchanged", async () => {
    expectError(await t.call('project.update', { id: otherProject.id, name: 'Hijacked' }, admin()), 404, 'not_found');
    expect((await row(t, 'projects', other.id, otherProject.id)).name).toBe('Foreign');
  });

  it('refuses roles without client.write (403)', async () => {
    const p = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    expectError(await t.call('project.update', { id: p.id, name: 'X' }, acme.users.salesRep.token), 403, 'forbidden');
  });
});

describe('project.archive', () => {
  it('archives the project, audits it, and then refuses updates (409)', async () => {
    const p = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId });
    const archived = ok(await t.call('project.archive', { id: p.id }, admin()));
    expect(archived).toMatchObject({ archivedAt: expect.any(String), version: 2 });
    expect(await row(t, 'projects', acme.id, p.id)).toMatchObject({ status: 'archived', version: 2 });
    expect(await audits(t, acme.id, 'project.archive', p.id)).toHaveLength(1);
    expectError(await t.call('project.update', { id: p.id, name: 'X' }, admin()), 409, 'invalid_state');
  });

  it('refuses a bad id (400), another tenant (404) and roles without client.write (403)', async () => {
    expectInvalid(await t.call('project.archive', { id: 'x' }, admin()), 'id');
    expectError(await t.call('project.archive', { id: otherProject.id }, admin()), 404, 'not_found');
    expect((await row(t, 'projects', other.id, otherProject.id)).archivedAt).toBeNull();
    expectError(await t.call('project.archive', { id: otherProject.id }, acme.users.analyst.token), 403, 'forbidden');
  });
});

describe('project.list', () => {
  it('walks the live projects by name through the SDK, hiding archived ones and those of archived clients', async () => {
    const dead = await createClient(t.db.ownerKnex, acme.id, { status: 'archived', archivedAt: new Date() });
    const hidden = await createProject(t.db.ownerKnex, acme.id, { clientId: dead.id, name: 'Of a dead client' });
    for (const name of ['P3', 'P1', 'P2'])
      await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId, name });
    const seen: any[] = [];
    for await (const p of t.client(acme.users.analyst.token).project.list({ limit: 2 })) seen.push(p);
    expect(new Set(seen.map((p) => p.id)).size).toBe(seen.length);
    expect(seen.every((p) => p.archivedAt === null)).toBe(true);
    expect(seen.map((p) => p.id)).not.toContain(hidden.id);
    expect(seen.map((p) => p.id)).not.toContain(otherProject.id);
    const all = await t.client(admin()).project.list({ includeArchived: true, limit: 200 });
    expect(all.data.map((p) => p.id)).toContain(hidden.id);
    expect(all.data.length).toBe(await projects());
    const ones = (await t.call('project.list', { q: 'p1' }, admin())).body.data;
    expect(ones.map((p: any) => p.name)).toEqual(['P1']);
  });

  it("shows client roles only their clients' projects, and filters by client", async () => {
    const contoso = await createClient(t.db.ownerKnex, acme.id);
    const theirs = await createProject(t.db.ownerKnex, acme.id, { clientId: contoso.id });
    const viewer = (await t.call('project.list', { limit: 200 }, acme.users.clientViewer.token)).body.data;
    expect(viewer.length).toBeGreaterThan(0);
    expect(viewer.every((p: any) => p.clientId === acme.clientId)).toBe(true);
    expect((await t.call('project.list', { clientId: contoso.id }, acme.users.clientViewer.token)).body.data).toEqual(
      [],
    );
    expect((await t.call('project.list', { clientId: contoso.id }, admin())).body.data.map((p: any) => p.id)).toEqual([
      theirs.id,
    ]);
    expect((await t.call('project.list', { clientId: other.clientId }, admin())).body.data).toEqual([]);
  });

  it('refuses bad input (400) and callers without client.read (403)', async () => {
    expectInvalid(await t.call('project.list', { clientId: 'x' }, admin()), 'clientId');
    await withoutPermission(t, acme.id, 'qa', 'client.read', async () => {
      expectError(await t.call('project.list', {}, acme.users.qa.token), 403, 'forbidden');
    });
  });
});

describe('project.get', () => {
  it('answers one project; client roles get 404 for other clients; another tenant 404; bad id 400', async () => {
    const mine = await createProject(t.db.ownerKnex, acme.id, { clientId: acme.clientId, name: 'Mine' });
    const contoso = await createProject(t.db.ownerKnex, acme.id);
    expect(ok(await t.call('project.get', { id: mine.id }, acme.users.clientViewer.token))).toMatchObject({
      id: mine.id,
      name: 'Mine',
      clientId: acme.clientId,
    });
    expectError(await t.call('project.get', { id: contoso.id }, acme.users.clientViewer.token), 404, 'not_found');
    expectError(await t.call('project.get', { id: otherProject.id }, admin()), 404, 'not_found');
    expectInvalid(await t.call('project.get', { id: 'x' }, admin()), 'id');
  });

  it('refuses callers without client.read (403)', async () => {
    await withoutPermission(t, acme.id, 'qa', 'client.read', async () => {
      expectError(await t.call('project.get', { id: otherProject.id }, acme.users.qa.token), 403, 'forbidden');
    });
  });
});
