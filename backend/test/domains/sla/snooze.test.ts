import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createUser } from '../../helpers/factories';
import { auditOf, expectCall, expectValidation } from '../pipelines/helpers';
import { openBreach, slaCounts, slaPipeline } from './helpers';

let t: TestApp;
let acme: TestTenant;
let globex: TestTenant;
let pipelineId: string;
const H = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  [acme, globex] = [await t.tenant(), await t.tenant()];
  const db = t.db.ownerKnex;
  await db('users')
    .where({ tenantId: acme.id, id: acme.users.salesRep.id })
    .update({ managerId: acme.users.salesManager.id });
  pipelineId = (await slaPipeline(db, acme.id, acme.users.salesManager.id)).id;
});
afterAll(async () => t?.close());

/** A breach of `ownerId` (the test tenant's rep unless given) recorded an hour ago. */
const breach = (ownerId = acme.users.salesRep.id) =>
  openBreach(t.db.ownerKnex, acme.id, { ownerId, pipelineId, at: new Date(Date.now() - H) });
const taskOf = (id: string) => t.db.ownerKnex('tasks').where({ tenantId: acme.id, id }).first();
const snoozeCards = (breachId: string) =>
  t.db
    .ownerKnex('botNotifications')
    .where({ tenantId: acme.id })
    .whereLike('reasonKey', `sla:${breachId}%`)
    .orderBy('reasonKey');
const snooze = async (input: Record<string, unknown>, token: string) =>
  (await expectCall(t, 'sla.breach.snooze', input, token)).data as Record<string, string | null>;
const near = (value: string | Date | null | undefined, expected: number) =>
  expect(Math.abs(new Date(value ?? 0).getTime() - expected)).toBeLessThan(10_000);

describe('sla.breach.snooze', () => {
  it("pushes the owner's task and the escalation, queues one reminder for then, audits it", async () => {
    const b = await breach();
    const res = await snooze({ id: b.id, hours: 48 }, acme.users.salesRep.token);
    const until = Date.now() + 48 * H;
    expect(res).toMatchObject({ id: b.id, ownerId: acme.users.salesRep.id, clearedAt: null, escalatedAt: null });
    near(res.escalateAt, until);
    const task = await taskOf(b.taskId!);
    expect(task).toMatchObject({ status: 'open', version: 2 });
    near(task.dueAt, until);
    const cards = await snoozeCards(b.id);
    expect(cards.map((c) => [c.reasonKey, c.kind, c.userId, c.status, c.payload])).toEqual([
      [`sla:${b.id}`, 'sla_reminder', acme.users.salesRep.id, 'pending', { breachId: b.id }],
      [`sla:${b.id}:snooze:1`, 'sla_reminder', acme.users.salesRep.id, 'pending', { breachId: b.id, snoozed: true }],
    ]);
    near(cards[1]!.notBefore, until);
    const [audit] = (await auditOf(t.db.ownerKnex, acme.id, 'sla.breach.snooze')).filter((a) => a.targetId === b.id);
    expect(audit).toMatchObject({ targetType: 'sla_breach', actor: `user:${acme.users.salesRep.id}` });
    expect(audit!.before).toMatchObject({ escalateAt: b.escalateAt.toISOString() });
    expect(audit!.after).toMatchObject({ escalateAt: res.escalateAt });
  });

  it('snoozed twice: two distinct reminders; the escalation never comes earlier', async () => {
    const b = await breach();
    const first = await snooze({ id: b.id, hours: 72 }, acme.users.salesRep.token);
    const second = await snooze({ id: b.id, hours: 2 }, acme.users.salesRep.token);
    expect(second.escalateAt).toBe(first.escalateAt);
    const task = await taskOf(b.taskId!);
    expect(task.version).toBe(3);
    near(task.dueAt, Date.now() + 2 * H);
    expect((await snoozeCards(b.id)).map((c) => c.reasonKey)).toEqual([
      `sla:${b.id}`,
      `sla:${b.id}:snooze:1`,
      `sla:${b.id}:snooze:2`,
    ]);
  });

  it("lets a manager snooze a rep's breach (24 hours by default): the reminder is the owner's", async () => {
    const b = await breach();
    const res = await snooze({ id: b.id }, acme.users.salesManager.token);
    near(res.escalateAt, Date.now() + 24 * H);
    const cards = await snoozeCards(b.id);
    expect(cards.map((c) => c.userId)).toEqual([acme.users.salesRep.id, acme.users.salesRep.id]);
  });

  it('leaves an escalation already sent as it was', async () => {
    const b = await breach();
    const escalatedAt = new Date(Date.now() - 60_000);
    await t.db
      .ownerKnex('slaBreaches')
      .where({ tenantId: acme.id, id: b.id })
      .update({ escalateAt: escalatedAt, escalatedAt, escalatedTo: acme.users.salesManager.id });
    const res = await snooze({ id: b.id, hours: 5 }, acme.users.salesRep.token);
    expect(res).toMatchObject({ escalateAt: escalatedAt.toISOString(), escalatedAt: escalatedAt.toISOString() });
    near((await taskOf(b.taskId!)).dueAt, Date.now() + 5 * H);
  });

  it('answers 409 invalid_state for a cleared breach, writing nothing', async () => {
    const b = await breach();
    await t.db
      .ownerKnex('slaBreaches')
      .where({ tenantId: acme.id, id: b.id })
      .update({ clearedAt: new Date(), clearedReason: 'stage_move' });
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const res = await t.call('sla.breach.snooze', { id: b.id }, acme.users.salesRep.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
    expect((await taskOf(b.taskId!)).version).toBe(1);
  });

  it('refuses bad input with the field named, writing nothing', async () => {
    const b = await breach();
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const token = acme.users.salesRep.token;
    expectValidation(await t.call('sla.breach.snooze', { id: b.id, hours: 0 }, token), 'hours');
    expectValidation(await t.call('sla.breach.snooze', { id: b.id, hours: 24 * 7 + 1 }, token), 'hours');
    expectValidation(await t.call('sla.breach.snooze', { id: b.id, hours: 1.5 }, token), 'hours');
    expectValidation(await t.call('sla.breach.snooze', { id: 'nope' }, token), 'id');
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("answers 404 for another tenant's or an unknown breach", async () => {
    const b = await breach();
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    for (const [id, token] of [
      [b.id, globex.users.salesManager.token],
      [b.id, globex.users.admin.token],
      [crypto.randomUUID(), acme.users.salesManager.token],
    ] as const) {
      const res = await t.call('sla.breach.snooze', { id }, token);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });

  it("refuses a rep snoozing another rep's breach, and roles without task.write", async () => {
    const other = await createUser(t.db.ownerKnex, acme.id, { role: 'salesRep' });
    const b = await breach(other.id);
    const before = await slaCounts(t.db.ownerKnex, acme.id);
    const notOwner = await t.call('sla.breach.snooze', { id: b.id }, acme.users.salesRep.token);
    expect([notOwner.status, notOwner.body.error.code]).toEqual([403, 'not_owner']);
    for (const role of ['analyst', 'marketer', 'clientViewer'] as const) {
      const res = await t.call('sla.breach.snooze', { id: b.id }, acme.users[role].token);
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
    }
    expect(await slaCounts(t.db.ownerKnex, acme.id)).toEqual(before);
  });
});
