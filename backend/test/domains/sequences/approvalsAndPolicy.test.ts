import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { createRecordingMailer } from '#domains/sequences/ports';
import { recordTrackingHit } from '#domains/sequences/tracking';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, expectCall, expectValidation, runAt, sequenceCounts, weekdays } from './helpers';

let t: TestApp;
let acme: TestTenant;
let other: TestTenant;
let tplId: string;
const T0 = '2027-01-04T10:00:00.000Z'; // a Monday
const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  other = await t.tenant();
  tplId = (await createTemplate(t.db.ownerKnex, acme.id, 'tpl_policy')).id;
  await createMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id);
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;
const admin = () => acme.users.admin.token;

async function sequenceWith(steps: unknown[], extra: Record<string, unknown> = {}, tenant = acme): Promise<string> {
  const body = {
    name: `Seq ${Math.random()}`,
    goal: 'reply',
    steps,
    sendWindow: always(),
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
    ...extra,
  };
  return (await expectCall(t, 'sequence.create', body, tenant.users.admin.token)).data.id;
}
async function enroll(sequenceId: string, contactIds: string[], startAt = T0, tenant = acme): Promise<string[]> {
  const { data } = await expectCall(
    t,
    'sequence.enroll',
    { sequenceId, targets: contactIds.map((contactId) => ({ contactId })), ownerId: tenant.users.salesRep.id, startAt },
    tenant.users.admin.token,
  );
  return data.results.map((r: { enrollmentId: string }) => r.enrollmentId);
}
const settle = () => new Promise((r) => setTimeout(r, 10));

describe('sequence.approval.*', () => {
  it('queues manual emails for review, sends an approved one as edited, skips a rejected one', async () => {
    const seq = await sequenceWith([
      { type: 'email', mode: 'manual', templateId: tplId },
      { type: 'email', mode: 'manual', templateId: tplId },
    ]);
    const contact = await createContact(db(), acme.id, { firstName: 'Grace' });
    const [id] = await enroll(seq, [contact.id]);
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    expect(mailer.attempts).toHaveLength(0);
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, admin());
    expect(next.data).toMatchObject({
      action: 'await_approval',
      stepIndex: 0,
      blockedBy: [{ guardrail: 'approval', until: null }],
    });
    const queue = await expectCall(t, 'sequence.approval.list', { sequenceId: seq }, acme.users.salesManager.token);
    expect(queue.data).toHaveLength(1);
    const approval = queue.data[0];
    expect(approval).toMatchObject({
      enrollmentId: id,
      stepIndex: 0,
      kind: 'personalised_send',
      status: 'pending',
      contactId: contact.id,
    });
    expect(approval.preview.to).toEqual([contact.email]);

    const approved = await expectCall(
      t,
      'sequence.approval.approve',
      { id: approval.id, edits: { subject: 'Edited by Grace’s rep' }, expectedVersion: approval.version },
      acme.users.salesManager.token,
    );
    expect(approved.data).toMatchObject({ status: 'approved', decidedBy: acme.users.salesManager.id });
    await expectCall(t, 'sequence.approval.approve', { id: approval.id }, admin(), 409);
    await runAt(db(), acme.id, T0, { mailer });
    await settle();
    expect(mailer.committed.map((m) => m.subject)).toEqual(['Edited by Grace’s rep']);

    await runAt(db(), acme.id, T0, { mailer });
    const second = (await expectCall(t, 'sequence.approval.list', { sequenceId: seq }, admin())).data[0];
    expect(second.stepIndex).toBe(1);
    await expectCall(t, 'sequence.approval.reject', { id: second.id, reason: 'Not the right moment' }, admin());
    await runAt(db(), acme.id, T0, { mailer });
    await settle();
    expect(mailer.committed).toHaveLength(1);
    expect(await db()('sequenceEnrollments').where({ id }).first()).toMatchObject({
      status: 'completed',
      stopReason: 'finished',
    });
    const audits = await db()('auditLog')
      .where({ tenantId: acme.id })
      .whereIn('operation', ['sequence.approval.approve', 'sequence.approval.reject']);
    expect(audits).toHaveLength(2);
  });

  it('answers 400 naming the field, 404 for another tenant, 403 without permission, writing nothing', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'manual', templateId: tplId }]);
    const contact = await createContact(db(), acme.id);
    await enroll(seq, [contact.id]);
    await runAt(db(), acme.id, T0, { mailer: createRecordingMailer() });
    const approval = (await expectCall(t, 'sequence.approval.list', { sequenceId: seq }, admin())).data[0];
    const before = await sequenceCounts(db(), acme.id);
    expectValidation(await t.call('sequence.approval.approve', { id: 'nope' }, admin()), 'id');
    expectValidation(await t.call('sequence.approval.reject', { id: approval.id, reason: '' }, admin()), 'reason');
    expectValidation(await t.call('sequence.approval.list', { status: 'maybe' }, admin()), 'status');
    expect((await t.call('sequence.approval.approve', { id: approval.id }, other.users.admin.token)).status).toBe(404);
    expect(
      (await t.call('sequence.approval.reject', { id: approval.id, reason: 'x' }, other.users.admin.token)).status,
    ).toBe(404);
    expect((await expectCall(t, 'sequence.approval.list', { sequenceId: seq }, other.users.admin.token)).data).toEqual(
      [],
    );
    for (const op of ['sequence.approval.list', 'sequence.approval.approve', 'sequence.approval.reject']) {
      expect((await t.call(op, { id: approval.id, reason: 'x' }, acme.users.salesRep.token)).status).toBe(403);
    }
    expect(await sequenceCounts(db(), acme.id)).toEqual(before);
    expect((await db()('sequenceApprovals').where({ id: approval.id }).first()).status).toBe('pending');
  });
});

describe('sequence.run.nextAction and the policy engine in the runner', () => {
  it('holds an email outside business hours and says until when', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }], {
      sendWindow: weekdays('Europe/London'),
    });
    const contact = await createContact(db(), acme.id);
    const saturday = '2027-01-09T12:00:00.000Z';
    const [id] = await enroll(seq, [contact.id], saturday);
    const mailer = createRecordingMailer();
    const report = await runAt(db(), acme.id, saturday, { mailer });
    expect(report).toMatchObject({ claimed: 1, executed: 0, deferred: 1, sent: 0 });
    const row = await db()('sequenceEnrollments').where({ id }).first();
    expect(row.nextRunAt.toISOString()).toBe('2027-01-11T09:00:00.000Z');
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, admin());
    expect(next.data).toMatchObject({
      action: 'send_email',
      stepIndex: 0,
      scheduledAt: '2027-01-11T09:00:00.000Z',
      blockedBy: [],
    });
    const contactTz = await createContact(db(), acme.id, { timeZone: 'America/New_York' });
    const [ny] = await enroll(seq, [contactTz.id], '2027-01-11T10:00:00.000Z');
    const nyNext = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: ny }, admin());
    // 10:00 UTC is 05:00 in New York: the contact's zone wins over the sequence's.
    expect(nyNext.data).toMatchObject({
      scheduledAt: '2027-01-11T14:00:00.000Z',
      blockedBy: [{ guardrail: 'business_hours', until: '2027-01-11T14:00:00.000Z' }],
    });
  });

  it('paces a mailbox at 30 a minute, keeps daily caps, holidays and the owner’s out-of-office', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }]);
    const contacts = await Promise.all(Array.from({ length: 31 }, () => createContact(db(), acme.id)));
    const ids = await enroll(
      seq,
      contacts.map((c) => c.id),
      at(100 * HOUR),
    );
    const mailer = createRecordingMailer();
    const report = await runAt(db(), acme.id, at(100 * HOUR), { mailer });
    expect(report).toMatchObject({ sent: 30, deferred: 1 });
    const held = (
      await db()('sequenceEnrollments').whereIn('id', ids).where({ status: 'active' }).whereNotNull('nextRunAt')
    )[0];
    expect(held.meta.blockedBy).toEqual(['mailbox_pacing']);
    expect(held.nextRunAt.toISOString()).toBe(at(100 * HOUR + 60_000));

    const capped = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }], {
      guardrails: { unsubscribe: true, dailyCap: 2, respectOptOut: true },
    });
    const three = await Promise.all(Array.from({ length: 3 }, () => createContact(db(), acme.id)));
    const cappedIds = await enroll(
      capped,
      three.map((c) => c.id),
      at(200 * HOUR),
    );
    await runAt(db(), acme.id, at(200 * HOUR), { mailer });
    expect(await db()('sequenceSends').where({ sequenceId: capped })).toHaveLength(2);
    const waiting = (await db()('sequenceEnrollments').whereIn('id', cappedIds).whereNotNull('nextRunAt'))[0];
    expect(waiting.meta.blockedBy).toEqual(['daily_cap']);
    expect(waiting.nextRunAt.toISOString()).toBe('2027-01-13T00:00:00.000Z');

    await db()('tenantHolidays').insert({
      tenantId: acme.id,
      calendar: 'default',
      day: '2027-01-20',
      name: 'Founders day',
    });
    await db()('userOutOfOffice').insert({
      tenantId: acme.id,
      id: uuidv7(),
      userId: acme.users.salesRep.id,
      startsAt: '2027-01-21T00:00:00Z',
      endsAt: '2027-01-22T08:00:00Z',
    });
    const plain = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }]);
    const c = await createContact(db(), acme.id);
    const [hid] = await enroll(plain, [c.id], '2027-01-20T10:00:00.000Z');
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: hid }, admin());
    expect(next.data.scheduledAt).toBe('2027-01-22T08:00:00.000Z');
    expect(next.data.blockedBy.map((b: { guardrail: string }) => b.guardrail)).toEqual(['holiday', 'out_of_office']);
  });

  it('answers 400, 404 for another tenant, 403 without sequence.read', async () => {
    const seq = await sequenceWith([{ type: 'stop' }]);
    const [id] = await enroll(seq, [(await createContact(db(), acme.id)).id]);
    expectValidation(await t.call('sequence.run.nextAction', { enrollmentId: 'x' }, admin()), 'enrollmentId');
    expect((await t.call('sequence.run.nextAction', { enrollmentId: id }, other.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.run.nextAction', { enrollmentId: id }, acme.users.clientViewer.token)).status).toBe(
      403,
    );
  });
});

describe('sequence.metrics.get', () => {
  it('counts enrollments and per-step sends, human opens and clicks (bots kept apart), replies and branches', async () => {
    const seq = await sequenceWith([
      {
        type: 'email',
        mode: 'auto',
        templateId: tplId,
        wait: 'PT1H',
        branch: [{ when: 'opened', do: [{ type: 'task', taskType: 'followup', dueIn: 'P1D' }] }],
      },
      { type: 'stop' },
    ]);
    const [a, b, c] = await Promise.all([
      createContact(db(), acme.id),
      createContact(db(), acme.id),
      createContact(db(), acme.id),
    ]);
    const ids = await enroll(seq, [a.id, b.id, c.id], at(300 * HOUR));
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, at(300 * HOUR), { mailer });
    const scope = { tenantId: acme.id, userId: null, clientIds: null };
    await withTenant(db(), scope, async (trx) => {
      await recordTrackingHit(trx, {
        tenantId: acme.id,
        sendKey: `seq:${ids[0]}:s0`,
        kind: 'open',
        userAgent: CHROME,
        at: new Date(at(300 * HOUR + 20 * 60_000)),
      });
      await recordTrackingHit(trx, {
        tenantId: acme.id,
        sendKey: `seq:${ids[0]}:s0`,
        kind: 'click',
        userAgent: CHROME,
        url: 'https://x.example',
        at: new Date(at(300 * HOUR + 21 * 60_000)),
      });
      // Scanners: a security gateway and a prefetch on delivery; stored, never human.
      const scanner = await recordTrackingHit(trx, {
        tenantId: acme.id,
        sendKey: `seq:${ids[1]}:s0`,
        kind: 'open',
        userAgent: 'Mozilla/5.0 (compatible; BingPreview/1.0b)',
        at: new Date(at(300 * HOUR + 30 * 60_000)),
      });
      const prefetch = await recordTrackingHit(trx, {
        tenantId: acme.id,
        sendKey: `seq:${ids[2]}:s0`,
        kind: 'click',
        userAgent: CHROME,
        at: new Date(at(300 * HOUR + 2_000)),
      });
      expect([scanner?.isBot, prefetch?.isBot]).toEqual([true, true]);
    });
    await withTenant(db(), scope, async (trx) => {
      const { applyReplyStopRules } = await import('#domains/sequences/stopRules');
      const { workerEmit } = await import('#domains/events/append');
      const now = new Date();
      await applyReplyStopRules(trx, {
        tenantId: acme.id,
        contactId: b.id,
        classification: 'human_reply',
        returnDate: null,
        now,
        emit: workerEmit(trx, acme.id, now, 'mail-sync'),
      });
    });
    // The branch reads the human open (a's), queues its task, which runs on the next pass.
    await runAt(db(), acme.id, at(301 * HOUR), { mailer });
    await runAt(db(), acme.id, at(301 * HOUR), { mailer });
    expect(
      (
        await db()('tasks')
          .where({ origin: 'sequence', type: 'followup' })
          .whereIn('contactId', [a.id, b.id, c.id])
          .select('contactId')
      ).map((r: { contactId: string }) => r.contactId),
    ).toEqual([a.id]);
    const { data } = await expectCall(t, 'sequence.metrics.get', { sequenceId: seq }, acme.users.analyst.token);
    expect(data.enrollments).toEqual({
      enrolled: 3,
      active: 1,
      paused: 0,
      completed: 2,
      failed: 0,
      replied: 1,
      bounced: 0,
      optedOut: 0,
    });
    expect(data.steps[0]).toMatchObject({
      stepIndex: 0,
      type: 'email',
      executed: 4,
      sent: 3,
      humanOpens: 1,
      humanClicks: 1,
      replies: 1,
      bounces: 0,
      tasksCreated: 1,
    });
    expect(data.steps[1]).toMatchObject({ stepIndex: 1, type: 'stop', executed: 1, sent: 0 });
    expect(data.replyRate).toBeCloseTo(1 / 3);
    expect(await db()('sequenceSendEvents').where({ tenantId: acme.id, sequenceId: seq, isBot: true })).toHaveLength(2);
  });

  it('answers 400, 404 for another tenant, 403 without sequence.read', async () => {
    const seq = await sequenceWith([{ type: 'stop' }]);
    expectValidation(await t.call('sequence.metrics.get', { sequenceId: seq, from: '2027-13-01' }, admin()), 'from');
    expect((await t.call('sequence.metrics.get', { sequenceId: seq }, other.users.admin.token)).status).toBe(404);
    expect((await t.call('sequence.metrics.get', { sequenceId: seq }, acme.users.clientViewer.token)).status).toBe(403);
  });
});
