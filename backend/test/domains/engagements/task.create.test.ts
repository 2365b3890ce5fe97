import { eventPayloads } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { apiKeyToken, buildWorld, issuePaths, writeCounts, type World } from './world';

describe('task.create', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(async () => t?.close());

  it("creates an open task in the caller's queue, linked to an opportunity; audit row and task.created event", async () => {
    const rep = w.acme.users.salesRep;
    const dueAt = '2099-03-01T09:00:00.000Z';
    const res = await t.call(
      'task.create',
      { type: 'call', title: '  Call back  ', opportunityId: w.clientOppId, contactId: w.clientContactId, dueAt },
      rep.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const task = res.body.data;
    expect(task).toMatchObject({
      tenantId: w.acme.id,
      type: 'call',
      title: 'Call back',
      notes: null,
      opportunityId: w.clientOppId,
      contactId: w.clientContactId,
      ownerId: rep.id,
      dueAt,
      priority: 'normal',
      status: 'open',
      origin: 'manual',
      completedAt: null,
      version: 1,
    });
    const db = t.db.ownerKnex;
    expect(await db('tasks').where({ tenantId: w.acme.id, id: task.id }).first()).toMatchObject({
      clientId: w.acme.clientId,
      ownerId: rep.id,
      status: 'open',
    });
    const audit = await db('auditLog').where({ tenantId: w.acme.id, operation: 'task.create', targetId: task.id });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `user:${rep.id}`, targetType: 'task', before: null });
    // Only non-id fields: the audit redaction masks digit runs, which can hit ids and timestamps (see report).
    expect(audit[0].after).toMatchObject({ title: 'Call back', status: 'open', priority: 'normal' });
    const events = await db('events').where({ tenantId: w.acme.id, name: 'task.created' });
    expect(events).toHaveLength(1);
    expect(events[0].clientId).toBe(w.acme.clientId);
    expect(eventPayloads['task.created'].parse(events[0].payload)).toEqual({
      taskId: task.id,
      type: 'call',
      ownerId: rep.id,
      opportunityId: w.clientOppId,
      contactId: w.clientContactId,
      dueAt,
      origin: 'manual',
    });
  });

  it("puts a task in another user's queue, internal when unlinked; QA's tasks have origin qa", async () => {
    const res = await t.call(
      'task.create',
      {
        type: 'todo',
        title: 'Review',
        ownerId: w.acme.users.salesRep.id,
        dueAt: '2099-01-01T00:00:00Z',
        priority: 'high',
      },
      w.acme.users.qa.token,
    );
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.data).toMatchObject({
      ownerId: w.acme.users.salesRep.id,
      priority: 'high',
      origin: 'qa',
      opportunityId: null,
    });
    expect((await t.db.ownerKnex('tasks').where({ id: res.body.data.id }).first('clientId')).clientId).toBeNull();
  });

  it('needs an ownerId from a caller that is not a user (an API key)', async () => {
    const key = await apiKeyToken(t, w.acme.id, 'salesRep');
    const res = await t.call('task.create', { type: 'call', title: 'x', dueAt: '2099-01-01T00:00:00Z' }, key);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(['ownerId']);
    const ok = await t.call(
      'task.create',
      { type: 'call', title: 'x', dueAt: '2099-01-01T00:00:00Z', ownerId: w.acme.users.salesRep.id },
      key,
    );
    expect(ok.status).toBe(200);
  });

  it('lets a client-confined caller make tasks only on its client records', async () => {
    const key = await apiKeyToken(t, w.acme.id, 'salesRep', [w.acme.clientId]);
    const base = { type: 'call', title: 'x', dueAt: '2099-01-01T00:00:00Z', ownerId: w.acme.users.salesRep.id };
    expect((await t.call('task.create', { ...base, opportunityId: w.clientOppId }, key)).status).toBe(200);
    const internal = await t.call('task.create', { ...base, opportunityId: w.internalOppId }, key);
    expect(internal.status).toBe(422);
    expect(issuePaths(internal.body)).toEqual(['opportunityId']);
    expect((await t.call('task.create', base, key)).status).toBe(422);
  });

  it('answers 400 naming the field, and writes nothing', async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    const res = await t.call(
      'task.create',
      { type: 'call', title: '   ', dueAt: 'tomorrow' },
      w.acme.users.salesRep.token,
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['title', 'dueAt']));
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
  });

  it("answers 422 for another tenant's opportunity, contact or owner, and writes nothing", async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    for (const [body, field] of [
      [{ opportunityId: w.otherOppId }, 'opportunityId'],
      [{ contactId: w.otherContactId }, 'contactId'],
      [{ ownerId: w.other.users.salesRep.id }, 'ownerId'],
    ] as const) {
      const res = await t.call(
        'task.create',
        { type: 'call', title: 'x', dueAt: '2099-01-01T00:00:00Z', ...body },
        w.acme.users.salesRep.token,
      );
      expect(res.status, field).toBe(422);
      expect(res.body.error.code).toBe('reference_invalid');
      expect(issuePaths(res.body)).toEqual([field]);
    }
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
  });

  it('answers 403 to roles without task.write (client viewer, analyst)', async () => {
    const counts = await writeCounts(t.db.ownerKnex, ['tasks']);
    for (const role of ['clientViewer', 'analyst'] as const) {
      const res = await t.call(
        'task.create',
        { type: 'call', title: 'x', opportunityId: w.clientOppId, dueAt: '2099-01-01T00:00:00Z' },
        w.acme.users[role].token,
      );
      expect(res.status, role).toBe(403);
    }
    expect(await writeCounts(t.db.ownerKnex, ['tasks'])).toEqual(counts);
  });
});
