import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app';
import { createTask } from '../../helpers/factories';
import { buildWorld, issuePaths, type World } from './world';

describe('task.list', () => {
  let t: TestApp;
  let w: World;
  const ids: Record<string, string> = {};
  const hour = 3_600_000;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    const db = t.db.ownerKnex;
    const rep = w.acme.users.salesRep.id;
    const now = Date.now();
    const mk = async (name: string, values: Parameters<typeof createTask>[2]) => {
      ids[name] = (await createTask(db, w.acme.id, { ownerId: rep, ...values })).id;
    };
    // Stored statuses are open/inProgress/completed (and a legacy stored `overdue`); `overdue` is derived.
    await mk('late', { dueAt: new Date(now - 48 * hour), opportunityId: w.clientOppId, clientId: w.acme.clientId });
    await mk('lateInProgress', { dueAt: new Date(now - 24 * hour), status: 'inProgress' });
    await mk('legacyOverdueNowFuture', {
      dueAt: new Date(now + 1 * hour),
      status: 'overdue',
      contactId: w.clientContactId,
      clientId: w.acme.clientId,
    });
    await mk('soon', { dueAt: new Date(now + 2 * hour), opportunityId: w.clientOppId, clientId: w.acme.clientId });
    await mk('working', {
      dueAt: new Date(now + 3 * hour),
      status: 'inProgress',
      ownerId: w.acme.users.salesManager.id,
    });
    await mk('doneLate', {
      dueAt: new Date(now - 72 * hour),
      status: 'completed',
      completedAt: new Date(now - 71 * hour),
    });
    await createTask(db, w.other.id, { ownerId: w.other.users.salesRep.id, dueAt: new Date(now - 48 * hour) });
  });
  afterAll(async () => t?.close());

  const list = async (input: Record<string, unknown>, token = w.acme.users.salesRep.token) => {
    const res = await t.call('task.list', input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { data: { id: string; status: string }[]; nextCursor: string | null };
  };
  const idsOf = async (input: Record<string, unknown>, token?: string) =>
    (await list(input, token)).data.map((x) => x.id);

  it('lists soonest due first, presenting unfinished tasks past due as overdue', async () => {
    const page = await list({});
    expect(page.data.map((x) => x.id)).toEqual([
      ids.doneLate,
      ids.late,
      ids.lateInProgress,
      ids.legacyOverdueNowFuture,
      ids.soon,
      ids.working,
    ]);
    expect(page.data.map((x) => x.status)).toEqual(['completed', 'overdue', 'overdue', 'open', 'open', 'inProgress']);
  });

  it('filters by status in SQL (overdue included), owner, opportunity, contact and due time', async () => {
    expect(await idsOf({ status: 'overdue' })).toEqual([ids.late, ids.lateInProgress]);
    expect(await idsOf({ status: 'open' })).toEqual([ids.legacyOverdueNowFuture, ids.soon]);
    expect(await idsOf({ status: 'inProgress' })).toEqual([ids.working]);
    expect(await idsOf({ status: 'completed' })).toEqual([ids.doneLate]);
    expect(await idsOf({ ownerId: w.acme.users.salesManager.id })).toEqual([ids.working]);
    expect(await idsOf({ opportunityId: w.clientOppId })).toEqual([ids.late, ids.soon]);
    expect(await idsOf({ contactId: w.clientContactId })).toEqual([ids.legacyOverdueNowFuture]);
    // Several opportunities at once (a board's cards), also as a query-string list; another tenant's adds nothing.
    expect(await idsOf({ opportunityIds: [w.clientOppId, w.otherOppId], status: 'open' })).toEqual([ids.soon]);
    expect(await idsOf({ opportunityIds: `${w.clientOppId},${w.otherOppId}` })).toEqual([ids.late, ids.soon]);
    expect(await idsOf({ dueBefore: new Date().toISOString(), status: 'overdue' })).toEqual([
      ids.late,
      ids.lateInProgress,
    ]);
  });

  it('walks pages with the cursor', async () => {
    const seen: string[] = [];
    for await (const task of t.client(w.acme.users.salesRep.token).task.list({ limit: 4 })) seen.push(task.id);
    expect(seen).toEqual([
      ids.doneLate,
      ids.late,
      ids.lateInProgress,
      ids.legacyOverdueNowFuture,
      ids.soon,
      ids.working,
    ]);
  });

  it("shows a client viewer only its client's tasks, never internal ones", async () => {
    expect(await idsOf({}, w.acme.users.clientViewer.token)).toEqual([ids.late, ids.legacyOverdueNowFuture, ids.soon]);
  });

  it('answers 400 naming the field', async () => {
    const res = await t.call('task.list', { status: 'late', ownerId: 'me' }, w.acme.users.salesRep.token);
    expect(res.status).toBe(400);
    expect(issuePaths(res.body)).toEqual(expect.arrayContaining(['status', 'ownerId']));
    const many = Array.from({ length: 201 }, () => w.clientOppId);
    const tooMany = await t.call('task.list', { opportunityIds: many }, w.acme.users.salesRep.token);
    expect(tooMany.status).toBe(400);
    expect(issuePaths(tooMany.body)).toEqual(['opportunityIds']);
  });

  it("answers nothing for another tenant's opportunity or owner", async () => {
    expect(await idsOf({ opportunityId: w.otherOppId })).toEqual([]);
    expect(await idsOf({ ownerId: w.other.users.salesRep.id })).toEqual([]);
  });

  it('answers 403 to a role whose task.read the tenant revoked', async () => {
    const admin = w.acme.users.admin.token;
    expect((await t.call('rbac.policy.update', { role: 'marketer', revoke: ['task.read'] }, admin)).status).toBe(200);
    const res = await t.call('task.list', {}, w.acme.users.marketer.token);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});
