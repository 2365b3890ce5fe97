import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createTask } from '../../helpers/factories';
import { apiKeyToken, buildWorld, issuePaths, writeCounts, type World } from './world';

describe('task.update', () => {
  let t: TestApp;
  let w: World;
  const mine = async () =>
    createTask(t.db.ownerKnex, w.acme.id, {
      ownerId: w.acme.users.salesRep.id,
      opportunityId: w.clientOppId,
      clientId: w.acme.clientId,
      dueAt: new Date('2099-01-01T00:00:00Z'),
    });
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  it('changes fields, bumps the version and audits before/after', async () => {
    const task = await mine();
    const res = await t.call(
      'task.update',
      {
        id: task.id,
        title: 'New title',
        notes: 'n',
        priority: 'high',
        status: 'inProgress',
        dueAt: '2099-02-01T00:00:00Z',
        expectedVersion: 1,
      },
      w.acme.users.salesRep.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      id: task.id,
      title: 'New title',
      notes: 'n',
      priority: 'high',
      status: 'inProgress',
      dueAt: '2099-02-01T00:00:00.000Z',
      version: 2,
    });
    const db = t.db.ownerKnex;
    expect(await db('tasks').where({ id: task.id }).first()).toMatchObject({
      title: 'New title',
      status: 'inProgress',
      version: 2,
    });
    const [audit] = await db('auditLog').where({ tenantId: w.acme.id, operation: 'task.update', targetId: task.id });
    expect(audit.before).toMatchObject({ title: task.title, version: 1 });
    expect(audit.after).toMatchObject({ title: 'New title', version: 2 });
    expect(await db('events').where({ tenantId: w.acme.id })).toEqual([]);
  });

  it('lets a manager reassign, refuses another rep (403 not_owner), and a stale version (409)', async () => {
    const task = await mine();
    const other = await t.call('task.update', { id: task.id, title: 'Mine now' }, w.acme.users.qa.token);
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('not_owner');
    const mgr = await t.call(
      'task.update',
      { id: task.id, ownerId: w.acme.users.salesManager.id },
      w.acme.users.salesManager.token,
    );
    expect(mgr.status).toBe(200);
    expect(mgr.body.data.ownerId).toBe(w.acme.users.salesManager.id);
    const stale = await t.call(
      'task.update',
      { id: task.id, title: 'x', expectedVersion: 1 },
      w.acme.users.salesManager.token,
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('version_conflict');
  });

  it('refuses to change a completed task (409 invalid_state)', async () => {
    const task = await mine();
    expect((await t.call('task.complete', { id: task.id }, w.acme.users.salesRep.token)).status).toBe(200);
    const res = await t.call('task.update', { id: task.id, status: 'open' }, w.acme.users.salesRep.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const task = await mine();
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    const res = await t.call(
      'task.update',
      { id: task.id, status: 'completed', priority: 'urgent' },
      w.acme.users.salesRep.token,
    );
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['status', 'priority']));
    const owner = await t.call(
      'task.update',
      { id: task.id, ownerId: w.other.users.salesRep.id },
      w.acme.users.salesRep.token,
    );
    expect(owner.status).toBe(422);
    expect(issuePaths(owner.body)).toEqual(['ownerId']);
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
    expect((await t.db.ownerKnex('tasks').where({ id: task.id }).first('version')).version).toBe(1);
  });

  it("answers 404 for another tenant's task and leaves it alone", async () => {
    const foreign = await createTask(t.db.ownerKnex, w.other.id, { ownerId: w.other.users.salesRep.id });
    const res = await t.call('task.update', { id: foreign.id, title: 'hijack' }, w.acme.users.admin.token);
    expect(res.status).toBe(404);
    expect(await t.db.ownerKnex('tasks').where({ id: foreign.id }).first()).toMatchObject({
      title: foreign.title,
      version: 1,
    });
  });

  it('answers 403 to roles without task.write, 404 to a client-confined caller on an internal task', async () => {
    const task = await mine();
    const res = await t.call('task.update', { id: task.id, title: 'x' }, w.acme.users.clientViewer.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
    expect((await t.call('task.update', { id: task.id, title: 'x' }, w.acme.users.analyst.token)).status).toBe(403);
    const internal = await createTask(t.db.ownerKnex, w.acme.id, { ownerId: w.acme.users.salesRep.id });
    const key = await apiKeyToken(t, w.acme.id, 'salesManager', [w.acme.clientId]);
    expect((await t.call('task.update', { id: internal.id, title: 'x' }, key)).status).toBe(404);
    expect((await t.call('task.update', { id: task.id, title: 'Via key' }, key)).status).toBe(200);
  });
});
