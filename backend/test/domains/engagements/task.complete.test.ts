import { eventPayloads } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createTask } from '../../helpers/factories';
import { buildWorld, issuePaths, writeCounts, type World } from './world';

describe('task.complete', () => {
  let t: TestApp;
  let w: World;
  const mine = async () =>
    createTask(t.db.ownerKnex, w.acme.id, {
      ownerId: w.acme.users.salesRep.id,
      opportunityId: w.clientOppId,
      clientId: w.acme.clientId,
      notes: 'Ask about budget',
      dueAt: new Date('2020-01-01T00:00:00Z'),
    });
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  it('completes an (overdue) task with notes; audit and task.completed event; twice is 409 invalid_state', async () => {
    const task = await mine();
    const rep = w.acme.users.salesRep.token;
    const res = await t.call('task.complete', { id: task.id, notes: 'Budget approved', expectedVersion: 1 }, rep);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const done = res.body.data;
    expect(done).toMatchObject({
      id: task.id,
      status: 'completed',
      notes: 'Ask about budget\n\nBudget approved',
      version: 2,
    });
    expect(Date.parse(done.completedAt)).toBeGreaterThan(Date.now() - 60_000);
    const db = t.db.ownerKnex;
    expect(await db('tasks').where({ id: task.id }).first()).toMatchObject({ status: 'completed', version: 2 });
    const [audit] = await db('auditLog').where({ tenantId: w.acme.id, operation: 'task.complete', targetId: task.id });
    expect(audit.before).toMatchObject({ status: 'overdue' });
    expect(audit.after).toMatchObject({ status: 'completed' });
    const events = await db('events').where({ tenantId: w.acme.id, name: 'task.completed' });
    expect(events).toHaveLength(1);
    expect(events[0].clientId).toBe(w.acme.clientId);
    expect(eventPayloads['task.completed'].parse(events[0].payload)).toMatchObject({
      taskId: task.id,
      ownerId: w.acme.users.salesRep.id,
      completedAt: done.completedAt,
    });

    const again = await t.call('task.complete', { id: task.id }, rep);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('invalid_state');
    expect(await db('events').where({ tenantId: w.acme.id, name: 'task.completed' })).toHaveLength(1);
  });

  it("refuses another rep's task (403 not_owner) and a stale version (409)", async () => {
    const task = await mine();
    expect((await t.call('task.complete', { id: task.id }, w.acme.users.qa.token)).body.error.code).toBe('not_owner');
    expect(
      (await t.call('task.complete', { id: task.id, expectedVersion: 7 }, w.acme.users.salesRep.token)).body.error.code,
    ).toBe('version_conflict');
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    const res = await t.call('task.complete', { id: 'not-a-uuid', expectedVersion: 0 }, w.acme.users.salesRep.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['id', 'expectedVersion']));
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
  });

  it("answers 404 for another tenant's task and leaves it open", async () => {
    const foreign = await createTask(t.db.ownerKnex, w.other.id, { ownerId: w.other.users.salesRep.id });
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    const res = await t.call('task.complete', { id: foreign.id }, w.acme.users.admin.token);
    expect(res.status).toBe(404);
    expect((await t.db.ownerKnex('tasks').where({ id: foreign.id }).first()).status).toBe('open');
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
  });

  it('answers 403 to roles without task.write', async () => {
    const task = await mine();
    for (const role of ['clientViewer', 'analyst', 'marketer'] as const) {
      expect((await t.call('task.complete', { id: task.id }, w.acme.users[role].token)).status, role).toBe(403);
    }
    expect((await t.db.ownerKnex('tasks').where({ id: task.id }).first()).status).toBe('open');
  });
});
