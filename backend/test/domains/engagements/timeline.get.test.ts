import type { TimelineItem } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createEngagement, createTask } from '../../helpers/factories';
import { buildWorld, issuePaths, type World } from './world';

/** (at desc, id desc): the order the API promises; uuids compare like their lowercase hex. */
const newestFirst = (a: { at: number; id: string }, b: { at: number; id: string }) =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('timeline.get', () => {
  let t: TestApp;
  let w: World;
  let expected: { at: number; id: string; source: 'engagement' | 'task' }[] = [];
  let hiddenInternalId = '';
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const db = t.db.ownerKnex;
    const rep = w.acme.users.salesRep.id;
    const client = { opportunityId: w.clientOppId, clientId: w.acme.clientId };
    // 18 engagements and 5 tasks over Jan..Mar 2026, with ties: groups of 3 share a timestamp, and one
    // task shares its timestamp with engagements.
    const base = Date.UTC(2026, 0, 10, 9);
    const day = 86_400_000;
    for (let i = 0; i < 18; i++) {
      const at = base + Math.floor(i / 3) * 14 * day;
      const e = await createEngagement(db, w.acme.id, {
        ...client,
        accountId: w.clientAccountId,
        actorId: rep,
        occurredAt: new Date(at),
        type: i % 2 ? 'call_out' : 'note',
        channel: i % 2 ? 'phone' : 'inapp',
        meta: i === 1 ? { callId: '0190a0b0-0000-7000-8000-00000000c411' } : {},
      });
      expected.push({ at, id: e.id, source: 'engagement' });
    }
    for (let i = 0; i < 5; i++) {
      const at = i === 0 ? base + 14 * day : base + (i * 17 + 3) * day;
      const task = await createTask(db, w.acme.id, {
        ...client,
        ownerId: rep,
        dueAt: new Date(at),
        status: i === 4 ? 'completed' : 'open',
        contactId: i === 3 ? w.clientContactId : null,
      });
      expected.push({ at, id: task.id, source: 'task' });
    }
    expected = expected.sort(newestFirst);
    // On the client account but internal (no client): never shown to client roles.
    hiddenInternalId = (
      await createEngagement(db, w.acme.id, { accountId: w.clientAccountId, actorId: rep, occurredAt: new Date(base) })
    ).id;
    // Elsewhere: another opportunity of the tenant, and another tenant.
    await createEngagement(db, w.acme.id, {
      accountId: w.internalAccountId,
      opportunityId: w.internalOppId,
      actorId: rep,
    });
    await createEngagement(db, w.other.id, {
      accountId: w.otherAccountId,
      opportunityId: w.otherOppId,
      actorId: w.other.users.salesRep.id,
    });
  });
  afterAll(async () => t?.close());

  it('walks one merged stream of engagements and tasks, newest first, each item exactly once (limit 5)', async () => {
    const seen: TimelineItem[] = [];
    for await (const item of t
      .client(w.acme.users.salesRep.token)
      .timeline.get({ opportunityId: w.clientOppId, limit: 5 }))
      seen.push(item);
    expect(seen.map((i) => i.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(seen.map((i) => i.id)).size).toBe(23);
    expect(seen.map((i) => i.source)).toEqual(expected.map((e) => e.source));
    const months = new Set(seen.map((i) => i.occurredAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(3);
    expect(seen.filter((i) => i.type === 'call_out').every((i) => i.channel === 'phone' && i.direction === null)).toBe(
      true,
    );
    expect(seen.find((i) => i.refs.callId)?.refs.callId).toBe('0190a0b0-0000-7000-8000-00000000c411');
    const tasks = seen.filter((i) => i.source === 'task');
    expect(tasks.map((i) => i.refs.taskStatus).sort()).toEqual([
      'completed',
      'overdue',
      'overdue',
      'overdue',
      'overdue',
    ]);
    expect(
      tasks.every(
        (i) => i.type === 'task' && i.accountId === w.clientAccountId && i.actorId === w.acme.users.salesRep.id,
      ),
    ).toBe(true);
  });

  it('is stable across equal timestamps: the same page twice, pages that never overlap', async () => {
    const first = await t.call('timeline.get', { opportunityId: w.clientOppId, limit: 7 }, w.acme.users.salesRep.token);
    const again = await t.call('timeline.get', { opportunityId: w.clientOppId, limit: 7 }, w.acme.users.salesRep.token);
    expect(again.body).toEqual(first.body);
    const second = await t.call(
      'timeline.get',
      { opportunityId: w.clientOppId, limit: 7, cursor: first.body.nextCursor },
      w.acme.users.salesRep.token,
    );
    const ids = [...first.body.data, ...second.body.data].map((i: TimelineItem) => i.id);
    expect(ids).toEqual(expected.slice(0, 14).map((e) => e.id));
  });

  it('filters by types (task means tasks and task engagements)', async () => {
    const tasks = await t
      .client(w.acme.users.salesRep.token)
      .timeline.get({ opportunityId: w.clientOppId, types: ['task'] })
      .toArray();
    expect(tasks.map((i) => i.id)).toEqual(expected.filter((e) => e.source === 'task').map((e) => e.id));
    const calls = await t
      .client(w.acme.users.salesRep.token)
      .timeline.get({ opportunityId: w.clientOppId, types: ['call_out'] })
      .toArray();
    expect(calls).toHaveLength(9);
  });

  it('answers the timeline of an account or contact, tasks included through their opportunity or contact', async () => {
    const account = await t
      .client(w.acme.users.salesRep.token)
      .timeline.get({ accountId: w.clientAccountId, limit: 200 });
    expect(account.data.map((i) => i.id).sort()).toEqual([...expected.map((e) => e.id), hiddenInternalId].sort());
    const contact = await t.client(w.acme.users.salesRep.token).timeline.get({ contactId: w.clientContactId });
    expect(contact.data.map((i) => i.source)).toEqual(['task']);
  });

  it("shows a client viewer only its client's items, never internal ones, and 404 for internal records", async () => {
    const viewer = t.client(w.acme.users.clientViewer.token);
    const account = await viewer.timeline.get({ accountId: w.clientAccountId, limit: 200 });
    expect(account.data.map((i) => i.id).sort()).toEqual(expected.map((e) => e.id).sort());
    expect(account.data.map((i) => i.id)).not.toContain(hiddenInternalId);
    for (const input of [
      { opportunityId: w.internalOppId },
      { accountId: w.internalAccountId },
      { contactId: w.internalContactId },
    ]) {
      expect((await t.call('timeline.get', input, w.acme.users.clientViewer.token)).status).toBe(404);
    }
  });

  it('answers 400 naming the field', async () => {
    const none = await t.call('timeline.get', {}, w.acme.users.salesRep.token);
    expect(none.status).toBe(400);
    expect(issuePaths(none.body)).toEqual(['opportunityId']);
    const two = await t.call(
      'timeline.get',
      { opportunityId: w.clientOppId, accountId: w.clientAccountId },
      w.acme.users.salesRep.token,
    );
    expect(issuePaths(two.body)).toEqual(['opportunityId']);
    const types = await t.call(
      'timeline.get',
      { opportunityId: w.clientOppId, types: ['fax'] },
      w.acme.users.salesRep.token,
    );
    expect(issuePaths(types.body)).toEqual(['types']);
    const cursor = await t.call(
      'timeline.get',
      { opportunityId: w.clientOppId, cursor: 'WyJ4IiwieSJd' },
      w.acme.users.salesRep.token,
    );
    expect(cursor.status).toBe(400);
    expect(issuePaths(cursor.body)).toEqual(['cursor']);
  });

  it("answers 404 for another tenant's opportunity, account or contact", async () => {
    for (const input of [
      { opportunityId: w.otherOppId },
      { accountId: w.otherAccountId },
      { contactId: w.otherContactId },
    ]) {
      const res = await t.call('timeline.get', input, w.acme.users.admin.token);
      expect(res.status, JSON.stringify(input)).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  it('answers 403 without engagement.read, and leaves tasks out without task.read', async () => {
    const admin = w.acme.users.admin.token;
    expect((await t.call('rbac.policy.update', { role: 'qa', revoke: ['task.read'] }, admin)).status).toBe(200);
    const noTasks = await t.client(w.acme.users.qa.token).timeline.get({ opportunityId: w.clientOppId, limit: 200 });
    expect(noTasks.data.every((i) => i.source === 'engagement')).toBe(true);
    expect(noTasks.data).toHaveLength(18);
    expect((await t.call('rbac.policy.update', { role: 'qa', revoke: ['engagement.read'] }, admin)).status).toBe(200);
    const res = await t.call('timeline.get', { opportunityId: w.clientOppId }, w.acme.users.qa.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});
