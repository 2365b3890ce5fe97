import type { Knex } from 'knex';
import { eventPayloads, type EventName } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { workerEmit } from '#domains/events/append';
import { createReplyDetector } from '#domains/mail/replies/detector';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { createRecordingMailer } from '#domains/sequences/ports';
import { applyMeetingBookedStopRules, applyReplyStopRules, BOUNCED_TAG } from '#domains/sequences/stopRules';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from '../mail/mailHarness';
import { always, createTemplate, eventsOf, expectCall, runAt } from './helpers';

const BUYER = 'buyer@northwind.example';
let t: TestApp;
let mail: MailHarness;
let acme: TestTenant;
let tplId: string;
let mailboxId: string;
const T0 = '2027-01-04T10:00:00.000Z';

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
  acme = await t.tenant();
  tplId = (await createTemplate(t.db.ownerKnex, acme.id, 'tpl_stop')).id;
  const address = acme.users.salesRep.email;
  mail.emulator.control.seedMailbox({ address, messages: 1, days: 1 });
  mail.emulator.control.seedMailbox({ address: BUYER });
  mailboxId = await connectMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id, address);
});
afterAll(async () => {
  await mail?.close();
  await t?.close();
});

const db = () => t.db.ownerKnex;
const scope = () => ({ tenantId: acme.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
const inTenant = <T>(fn: (trx: Knex.Transaction) => Promise<T>) => withTenant(db(), scope(), fn);
/** A reply's stop rules as the reply detector's reaction runs them: now, events by the mail worker. */
const byMailSync = (trx: Knex.Transaction) => {
  const now = new Date();
  return { now, emit: workerEmit(trx, acme.id, now, 'mail-sync') };
};

async function sequenceWith(extra: Record<string, unknown> = {}): Promise<string> {
  const body = {
    name: `Stops ${Math.random()}`,
    goal: 'reply',
    sendWindow: always(),
    cooldowns: { perContact: 'PT0S', perSequence: 'PT0S' },
    steps: [
      { type: 'email', mode: 'auto', templateId: tplId },
      { type: 'wait', duration: 'P3D' },
      { type: 'email', mode: 'auto', templateId: tplId },
    ],
    ...extra,
  };
  return (await expectCall(t, 'sequence.create', body, acme.users.admin.token)).data.id;
}
async function enroll(sequenceId: string, target: Record<string, string>): Promise<string> {
  const { data } = await expectCall(
    t,
    'sequence.enroll',
    { sequenceId, targets: [target], ownerId: acme.users.salesRep.id, startAt: T0 },
    acme.users.admin.token,
  );
  if (!data.results[0].enrollmentId) throw new Error(JSON.stringify(data.results[0]));
  return data.results[0].enrollmentId;
}
const row = (id: string) => db()('sequenceEnrollments').where({ id }).first();

describe('sequence stop rules', () => {
  it('stops on a human reply with reason replied, and the reply detector reports the enrollment', async () => {
    const account = await createAccount(db(), acme.id, { name: 'Northwind' });
    const buyer = await createContact(db(), acme.id, { accountId: account.id, email: BUYER, firstName: 'Bea' });
    const seq = await sequenceWith();
    const id = await enroll(seq, { contactId: buyer.id });
    await runAt(db(), acme.id, T0, { mailer: createRecordingMailer() });
    // The first email goes out through the emulated mailbox (the outbox's job), then the buyer answers.
    const rep: MailboxRef = { tenantId: acme.id, mailboxId, address: acme.users.salesRep.email };
    const draft = await mail.adapter.createDraft(rep, {
      subject: 'Q1 plans',
      body: { contentType: 'text', content: 'Hello Bea' },
      toRecipients: [{ emailAddress: { address: BUYER } }],
    });
    await mail.adapter.sendDraft(rep, draft.id);
    const run = () =>
      syncMailbox(syncDeps(db(), mail, { replies: createReplyDetector(mail.adapter, db()) }), acme.id, mailboxId);
    await run();
    const inbox = mail.emulator.control.messages(BUYER, 'inbox');
    const reply = await mail.adapter.createReplyDraft(
      { tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER },
      inbox.find((m) => m.subject === 'Q1 plans')!.id,
      'Sounds good, call me Thursday.',
    );
    await mail.adapter.sendDraft({ tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER }, reply.id);
    await run();
    await run();
    const detected = await eventsOf(db(), acme.id, 'mail.replyDetected');
    expect(detected).toHaveLength(1);
    expect(detected[0]!.payload).toMatchObject({
      classification: 'human_reply',
      contactId: buyer.id,
      enrollmentIds: [id],
    });
    expect(await row(id)).toMatchObject({ status: 'completed', stopReason: 'replied', nextRunAt: null });
    const completed = (await eventsOf(db(), acme.id, 'sequence.completed')).filter(
      (e) => e.payload.enrollmentId === id,
    );
    expect(completed.map((e) => e.payload.reason)).toEqual(['replied']);
    const replyEvents = await db()('sequenceSendEvents').where({ enrollmentId: id, kind: 'reply' });
    expect(replyEvents).toHaveLength(1);
  });

  it('pauses on an out-of-office until the return date in the contact’s zone, then carries on', async () => {
    const contact = await createContact(db(), acme.id, { timeZone: 'Europe/Paris' });
    const seq = await sequenceWith();
    const id = await enroll(seq, { contactId: contact.id });
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    const ids = await inTenant((trx) =>
      applyReplyStopRules(trx, {
        tenantId: acme.id,
        contactId: contact.id,
        classification: 'out_of_office',
        returnDate: '2027-01-12',
        now: new Date(T0),
        emit: workerEmit(trx, acme.id, new Date(T0), 'mail-sync'),
      }),
    );
    expect(ids).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'paused', stopReason: 'out_of_office' });
    expect((await row(id)).pausedUntil.toISOString()).toBe('2027-01-11T23:00:00.000Z');
    const next = await expectCall(t, 'sequence.run.nextAction', { enrollmentId: id }, acme.users.admin.token);
    expect(next.data.blockedBy).toEqual([{ guardrail: 'out_of_office', until: '2027-01-11T23:00:00.000Z' }]);
    expect((await runAt(db(), acme.id, '2027-01-10T12:00:00Z', { mailer })).claimed).toBe(0);
    await runAt(db(), acme.id, '2027-01-11T23:00:00Z', { mailer }); // the wait step, resumed
    expect(await row(id)).toMatchObject({ status: 'active', pausedUntil: null, stopReason: null, currentStep: 2 });
  });

  it('stops on a bounce, suppresses the address and tags the contact', async () => {
    const contact = await createContact(db(), acme.id, { email: 'gone@nowhere.example' });
    const id = await enroll(await sequenceWith(), { contactId: contact.id });
    await runAt(db(), acme.id, T0, { mailer: createRecordingMailer() });
    expect(
      await inTenant((trx) =>
        applyReplyStopRules(trx, {
          tenantId: acme.id,
          contactId: contact.id,
          classification: 'bounce',
          returnDate: null,
          ...byMailSync(trx),
        }),
      ),
    ).toEqual([id]);
    expect(await row(id)).toMatchObject({ status: 'completed', stopReason: 'bounced' });
    expect(
      await db()('suppressions').where({ tenantId: acme.id, value: 'gone@nowhere.example' }).first(),
    ).toMatchObject({ reason: 'bounced', contactId: contact.id });
    expect((await db()('contacts').where({ id: contact.id }).first()).tags).toContain(BOUNCED_TAG);
    expect(await db()('sequenceSendEvents').where({ enrollmentId: id, kind: 'bounce' })).toHaveLength(1);
  });

  it('stops every enrollment of a contact that unsubscribes, and suppresses it', async () => {
    const contact = await createContact(db(), acme.id, { email: 'bye@example.test' });
    const a = await enroll(await sequenceWith(), { contactId: contact.id });
    const b = await enroll(await sequenceWith(), { contactId: contact.id });
    const ids = await inTenant((trx) =>
      applyReplyStopRules(trx, {
        tenantId: acme.id,
        contactId: contact.id,
        classification: 'unsubscribe',
        returnDate: null,
        ...byMailSync(trx),
      }),
    );
    expect(ids.sort()).toEqual([a, b].sort());
    for (const id of [a, b]) expect(await row(id)).toMatchObject({ status: 'completed', stopReason: 'unsubscribed' });
    expect(await db()('suppressions').where({ tenantId: acme.id, value: 'bye@example.test' }).first()).toMatchObject({
      reason: 'unsubscribed',
    });
    const mailer = createRecordingMailer();
    await runAt(db(), acme.id, T0, { mailer });
    expect(mailer.attempts.filter((m) => m.contactIds.includes(contact.id))).toEqual([]);
  });

  it('stops on an opportunity stage change unless the sequence says otherwise', async () => {
    const contact = await createContact(db(), acme.id);
    const opp = await createOpportunity(db(), acme.id, { primaryContactId: contact.id });
    const stopping = await enroll(await sequenceWith(), { opportunityId: opp.id });
    const keeping = await enroll(await sequenceWith({ stopRules: { stageChanged: false, meetingBooked: true } }), {
      opportunityId: opp.id,
    });
    await expectCall(t, 'opportunity.moveStage', { id: opp.id, stage: 'proposal' }, acme.users.admin.token);
    expect(await row(stopping)).toMatchObject({ status: 'completed', stopReason: 'stage_changed' });
    expect(await row(keeping)).toMatchObject({ status: 'active' });
  });

  it('stops on a meeting booked unless the sequence says otherwise (then its branches can see it)', async () => {
    const contact = await createContact(db(), acme.id);
    const stopping = await enroll(await sequenceWith(), { contactId: contact.id });
    const keeping = await enroll(await sequenceWith({ stopRules: { stageChanged: true, meetingBooked: false } }), {
      contactId: contact.id,
    });
    const now = new Date(T0);
    const ids = await inTenant((trx) =>
      applyMeetingBookedStopRules(trx, acme.id, { contactId: contact.id }, now, workerEmit(trx, acme.id, now)),
    );
    expect(ids).toEqual([stopping]);
    expect(await row(stopping)).toMatchObject({ status: 'completed', stopReason: 'meeting_booked' });
    expect((await row(keeping)).meta.meetingBookedAt).toBe(T0);
  });

  it('a meeting logged with the contact through engagement.log stops its enrollments; a cancelled one does not', async () => {
    const contact = await createContact(db(), acme.id);
    const opp = await createOpportunity(db(), acme.id, { primaryContactId: contact.id, accountId: contact.accountId });
    const byContact = await enroll(await sequenceWith(), { contactId: contact.id });
    const byOpportunity = await enroll(await sequenceWith(), { opportunityId: opp.id });
    const keeping = await enroll(await sequenceWith({ stopRules: { stageChanged: true, meetingBooked: false } }), {
      contactId: contact.id,
    });
    const rep = acme.users.salesRep.token;
    await expectCall(
      t,
      'engagement.log',
      {
        type: 'meeting',
        channel: 'calendar',
        contactId: contact.id,
        subject: 'Intro call',
        meta: { outcome: 'cancelled' },
      },
      rep,
    );
    expect(await row(byContact)).toMatchObject({ status: 'active' });
    await expectCall(
      t,
      'engagement.log',
      { type: 'note', channel: 'inapp', contactId: contact.id, subject: 'Left a voicemail' },
      rep,
    );
    expect(await row(byContact)).toMatchObject({ status: 'active' });

    await expectCall(
      t,
      'engagement.log',
      { type: 'meeting', channel: 'calendar', opportunityId: opp.id, contactId: contact.id, subject: 'Discovery' },
      rep,
    );
    expect(await row(byContact)).toMatchObject({ status: 'completed', stopReason: 'meeting_booked' });
    expect(await row(byOpportunity)).toMatchObject({ status: 'completed', stopReason: 'meeting_booked' });
    const kept = await row(keeping);
    expect(kept.status).toBe('active');
    expect(Date.parse(kept.meta.meetingBookedAt)).toBeGreaterThan(0);
    const completed = (await eventsOf(db(), acme.id, 'sequence.completed')).map(
      (e) => e.payload as { enrollmentId: string; reason: string },
    );
    expect(completed).toEqual(
      expect.arrayContaining([{ ...completed.find((p) => p.enrollmentId === byContact), reason: 'meeting_booked' }]),
    );
    expect(completed.filter((p) => p.enrollmentId === byOpportunity)).toHaveLength(1);
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
