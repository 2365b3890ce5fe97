import { eventPayloads, type EventName } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecordingMailer } from '#domains/sequences/ports';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createContact } from '../../helpers/factories';
import { createMailbox } from '../../helpers/mailFactories';
import { always, createTemplate, eventsOf, expectCall, recordingWebhooks, runAt } from './helpers';

let t: TestApp;
let acme: TestTenant;
let tplId: string;
let mailboxId: string;
const T0 = '2027-01-04T10:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();
const HOUR = 3_600_000;

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  tplId = (await createTemplate(t.db.ownerKnex, acme.id, 'tpl_runner')).id;
  await t.db
    .ownerKnex('templates')
    .where({ id: tplId })
    .update({ subject: 'Hi {{contact.firstName}}', body: '<p>Hello {{contact.firstName}}</p>' });
  mailboxId = (await createMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id)).id;
});
afterAll(async () => t?.close());

const db = () => t.db.ownerKnex;
const token = () => acme.users.admin.token;

async function sequenceWith(steps: unknown[], extra: Record<string, unknown> = {}): Promise<string> {
  const body = {
    name: `Runner ${Math.random()}`,
    goal: 'reply',
    steps,
    sendWindow: always(),
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
    ...extra,
  };
  return (await expectCall(t, 'sequence.create', body, token())).data.id;
}

async function enroll(sequenceId: string, contactIds: string[], startAt = T0): Promise<string[]> {
  const { data } = await expectCall(
    t,
    'sequence.enroll',
    { sequenceId, targets: contactIds.map((contactId) => ({ contactId })), ownerId: acme.users.salesRep.id, startAt },
    token(),
  );
  return data.results.map((r: { enrollmentId: string }) => r.enrollmentId);
}

const enrollment = (id: string) => db()('sequenceEnrollments').where({ id }).first();

describe('Sequence Runner', () => {
  it('runs every step kind in order: auto email, call, LinkedIn and task steps, wait, webhook, stop', async () => {
    const seq = await sequenceWith([
      { type: 'email', mode: 'auto', templateId: tplId },
      { type: 'call', dueIn: 'P1D', script: 'Ask about Q1' },
      { type: 'linkedin', action: 'connect' },
      { type: 'task', taskType: 'followup', dueIn: 'P2D', title: 'Send the deck' },
      { type: 'wait', duration: 'P1D' },
      { type: 'webhook', url: 'https://hooks.example/step', payload: { campaign: 'q1' } },
      { type: 'stop' },
    ]);
    const contact = await createContact(db(), acme.id, { firstName: 'Ada', email: 'ada@lovelace.example' });
    const [id] = await enroll(seq, [contact.id]);
    const mailer = createRecordingMailer();
    const webhooks = recordingWebhooks();
    const first = await runAt(db(), acme.id, T0, { mailer, webhooks });
    expect(first).toMatchObject({ claimed: 1, executed: 1, sent: 1 });
    await new Promise((r) => setTimeout(r, 10));
    expect(mailer.committed).toHaveLength(1);
    const mail = mailer.committed[0]!;
    expect(Object.keys(mail).sort()).toEqual([
      'bodyHtml',
      'contactIds',
      'enrollmentId',
      'headers',
      'mailboxId',
      'opportunityId',
      'origin',
      'sendKey',
      'subject',
      'tenantId',
      'to',
    ]);
    expect(mail).toMatchObject({
      tenantId: acme.id,
      mailboxId,
      sendKey: `seq:${id}:s0`,
      to: [{ address: 'ada@lovelace.example', name: 'Ada ' + contact.lastName }],
      subject: 'Hi Ada',
      origin: 'sequence',
      enrollmentId: id,
      contactIds: [contact.id],
      opportunityId: null,
    });
    expect(mail.bodyHtml).toContain('<p>Hello Ada</p>');
    expect(mail.headers!['List-Unsubscribe']).toMatch(/^<https:\/\/pivotal\.test\/u\/[\w-]+\.[\w-]+>$/);
    expect(mail.headers!['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.bodyHtml).toContain(mail.headers!['List-Unsubscribe']!.slice(1, -1));
    const send = await db()('sequenceSends')
      .where({ key: `seq:${id}:s0` })
      .first();
    expect(send).toMatchObject({
      status: 'sent',
      stepIndex: 0,
      contactId: contact.id,
      toEmail: 'ada@lovelace.example',
    });

    for (let i = 0; i < 4; i++) await runAt(db(), acme.id, T0, { mailer, webhooks }); // call, linkedin, task, wait
    const tasks = await db()('tasks').where({ tenantId: acme.id, contactId: contact.id }).orderBy('id');
    expect(tasks.map((x: { type: string; origin: string; ownerId: string }) => [x.type, x.origin, x.ownerId])).toEqual([
      ['call', 'sequence', acme.users.salesRep.id],
      ['todo', 'sequence', acme.users.salesRep.id],
      ['followup', 'sequence', acme.users.salesRep.id],
    ]);
    expect(tasks[0].notes).toBe('Ask about Q1');
    expect(new Date(tasks[2].dueAt).toISOString()).toBe(at(48 * HOUR));
    expect((await enrollment(id!)).nextRunAt.toISOString()).toBe(at(24 * HOUR));
    expect((await runAt(db(), acme.id, at(HOUR), { mailer, webhooks })).claimed).toBe(0);
    await runAt(db(), acme.id, at(24 * HOUR), { mailer, webhooks });
    expect(webhooks.calls).toEqual([
      expect.objectContaining({
        url: 'https://hooks.example/step',
        key: `seq:${id}:s5`,
        body: expect.objectContaining({ campaign: 'q1', enrollmentId: id, stepKey: 's5' }),
      }),
    ]);
    await runAt(db(), acme.id, at(24 * HOUR), { mailer, webhooks });
    expect(await enrollment(id!)).toMatchObject({ status: 'completed', stopReason: 'stopped', nextRunAt: null });
    const advanced = (await eventsOf(db(), acme.id, 'sequence.advanced')).filter((e) => e.payload.enrollmentId === id);
    expect(advanced.map((e) => e.payload.action)).toEqual([
      'send_email',
      'create_task',
      'create_task',
      'create_task',
      'wait',
      'call_webhook',
      'stop',
    ]);
    const completed = (await eventsOf(db(), acme.id, 'sequence.completed')).filter(
      (e) => e.payload.enrollmentId === id,
    );
    expect(completed.map((e) => e.payload.reason)).toEqual(['stopped']);
    expect(
      (await eventsOf(db(), acme.id, 'task.created'))
        .filter((e) => e.payload.contactId === contact.id)
        .map((e) => e.payload.origin),
    ).toEqual(['sequence', 'sequence', 'sequence']);
    expect(mailer.committed).toHaveLength(1);
  });

  it('never runs a step twice when runners race for the same due enrollments', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }, { type: 'call' }]);
    const contacts = await Promise.all(Array.from({ length: 20 }, () => createContact(db(), acme.id)));
    await enroll(
      seq,
      contacts.map((c) => c.id),
    );
    const mailer = createRecordingMailer();
    await Promise.all(Array.from({ length: 4 }, () => runAt(db(), acme.id, T0, { mailer })));
    await Promise.all(Array.from({ length: 4 }, () => runAt(db(), acme.id, T0, { mailer })));
    await new Promise((r) => setTimeout(r, 10));
    const keys = mailer.committed.filter((m) => m.subject.startsWith('Hi')).map((m) => m.sendKey);
    expect(new Set(keys).size).toBe(keys.length);
    const sends = await db()('sequenceSends').where({ tenantId: acme.id, sequenceId: seq }).count('* as n');
    expect(Number(sends[0]!.n)).toBe(20);
  });

  it('never exceeds the mailbox pacing or the daily cap, with 4 runners at once', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }], {
      guardrails: { unsubscribe: true, dailyCap: 40, respectOptOut: true },
    });
    const contacts = await Promise.all(Array.from({ length: 100 }, () => createContact(db(), acme.id)));
    const start = '2027-02-10T08:00:00.000Z';
    await enroll(
      seq,
      contacts.map((c) => c.id),
      start,
    );
    const mailer = createRecordingMailer();
    const sent = async () =>
      Number(((await db()('sequenceSends').where({ sequenceId: seq }).count('* as n')) as { n: string }[])[0]!.n);
    const burst = async (when: string) => {
      await Promise.all(Array.from({ length: 4 }, () => runAt(db(), acme.id, when, { mailer })));
    };
    await burst(start);
    expect(await sent()).toBe(30); // Exchange: 30 a minute per mailbox
    await burst('2027-02-10T08:01:00.000Z');
    expect(await sent()).toBe(40); // the sequence's daily cap
    await burst('2027-02-10T08:02:00.000Z');
    await burst('2027-02-10T15:00:00.000Z');
    expect(await sent()).toBe(40);
    const held = await db()('sequenceEnrollments')
      .where({ sequenceId: seq, status: 'active' })
      .whereNotNull('nextRunAt');
    expect(held).toHaveLength(60);
    expect(new Set(held.map((r: { nextRunAt: Date }) => r.nextRunAt.toISOString()))).toEqual(
      new Set(['2027-02-11T00:00:00.000Z']),
    );
    await burst('2027-02-11T00:00:00.000Z');
    expect(await sent()).toBe(70);
  });

  it('retries a failing webhook step with the same key, and fails the enrollment after five attempts', async () => {
    const seq = await sequenceWith([{ type: 'webhook', url: 'https://hooks.example/down' }, { type: 'stop' }]);
    const contact = await createContact(db(), acme.id);
    const [id] = await enroll(seq, [contact.id]);
    const webhooks = recordingWebhooks();
    webhooks.failing = true;
    const mailer = createRecordingMailer();
    let now = Date.parse(T0);
    for (let i = 0; i < 5; i++) {
      await runAt(db(), acme.id, new Date(now), { mailer, webhooks });
      now += 2 * HOUR;
    }
    expect(webhooks.calls).toHaveLength(5);
    expect(new Set(webhooks.calls.map((c) => c.key))).toEqual(new Set([`seq:${id}:s0`]));
    expect(await enrollment(id!)).toMatchObject({ status: 'failed', stopReason: 'webhook_failed' });
    expect(
      (await eventsOf(db(), acme.id, 'sequence.failed')).filter((e) => e.payload.enrollmentId === id)[0]?.payload,
    ).toMatchObject({ code: 'webhook_failed', step: 0 });
  });

  it('stops with opted_out before emailing a contact suppressed after enrolling', async () => {
    const seq = await sequenceWith([{ type: 'email', mode: 'auto', templateId: tplId }]);
    const contact = await createContact(db(), acme.id, { email: 'later-blocked@example.test' });
    const [id] = await enroll(seq, [contact.id]);
    await expectCall(t, 'suppression.add', { kind: 'email', value: 'later-blocked@example.test' }, token());
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    expect(mailer.attempts).toHaveLength(0);
    expect(await enrollment(id!)).toMatchObject({ status: 'completed', stopReason: 'opted_out' });
  });

  it('runs a fallback step when the contact has no address, and finishes after the last step', async () => {
    const seq = await sequenceWith([
      { type: 'email', mode: 'auto', templateId: tplId, fallback: { type: 'task', taskType: 'call', dueIn: 'P1D' } },
    ]);
    const contact = await createContact(db(), acme.id);
    const [id] = await enroll(seq, [contact.id]);
    await db()('contacts').where({ id: contact.id }).update({ email: null });
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    await runAt(db(), acme.id, T0, { mailer });
    expect(await db()('tasks').where({ contactId: contact.id, origin: 'sequence', type: 'call' })).toHaveLength(1);
    expect(await enrollment(id!)).toMatchObject({ status: 'completed', stopReason: 'finished' });
  });

  it('wrote only events whose payloads match the contract', async () => {
    const events = (await t.db.ownerKnex('events').where({ tenantId: acme.id }).select('name', 'payload')) as {
      name: EventName;
      payload: unknown;
    }[];
    expect(new Set(events.map((e) => e.name)).size).toBeGreaterThan(3);
    for (const e of events)
      expect([e.name, eventPayloads[e.name].safeParse(e.payload).error?.issues ?? []]).toEqual([e.name, []]);
  });
});
