import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyDetector } from '#domains/mail/replies/detector';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { sendOutboxMail } from '#domains/mail/send/sender';
import { outboxSequenceMailer } from '#domains/sequences/outboxMailer';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from '../mail/mailHarness';
import { eventsOf, runAt, weekdays } from './helpers';

const BUYER = 'dana@fabrikam.example';
let t: TestApp;
let mail: MailHarness;
let acme: TestTenant;
let mailboxId: string;

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
  acme = await t.tenant();
  mail.emulator.control.seedMailbox({ address: acme.users.salesRep.email, messages: 1, days: 1 });
  mail.emulator.control.seedMailbox({ address: BUYER });
  mailboxId = await connectMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id, acme.users.salesRep.email);
});
afterAll(async () => {
  await mail?.close();
  await t?.close();
});

/** Runs the `send_mail` worker's code on every outbox row still queued (what graphile-worker does in production). */
async function drainOutbox(): Promise<number> {
  const db = t.db.ownerKnex;
  const rows = (await db('mailOutbox').where({ tenantId: acme.id, status: 'queued' }).select('id')) as { id: string }[];
  for (const row of rows) await sendOutboxMail({ knex: db, adapter: mail.adapter }, acme.id, row.id);
  return rows.length;
}

describe('a sequence end to end', () => {
  it('is built and enrolled through the SDK, sends through the emulated mailbox inside its window, and stops on a reply', async () => {
    const admin = t.client(acme.users.admin.token);
    const db = t.db.ownerKnex;
    const account = await createAccount(db, acme.id, { name: 'Fabrikam' });
    const dana = await createContact(db, acme.id, {
      accountId: account.id,
      email: BUYER,
      firstName: 'Dana',
      timeZone: 'Europe/London',
    });
    const template = await admin.template.create({
      name: 'First touch',
      subject: 'Fabrikam and Q1, {{contact.firstName}}',
      body: { contentType: 'html', content: '<p>Hi {{contact.firstName}}, shall we talk?</p>' },
    });
    const sequence = await admin.sequence.create({
      name: 'Fabrikam outreach',
      goal: 'meeting',
      sendWindow: weekdays('Europe/London'),
      steps: [
        { type: 'email', mode: 'auto', templateId: template.id, wait: 'P2D' },
        { type: 'email', mode: 'auto', templateId: template.id },
      ],
    });
    const saturday = '2027-03-06T11:00:00.000Z';
    const enrolled = await admin.sequence.enroll({
      sequenceId: sequence.id,
      targets: [{ contactId: dana.id }],
      ownerId: acme.users.salesRep.id,
      startAt: saturday,
    });
    const enrollmentId = enrolled.results[0]!.enrollmentId!;

    const outbox = outboxSequenceMailer; // the production mailer: the mail outbox, sent by the send_mail worker's code
    await runAt(db, acme.id, saturday, { mailer: outbox });
    expect(await drainOutbox()).toBe(0); // the weekend is outside the window
    const next = await admin.sequence.run.nextAction({ enrollmentId });
    expect(next).toMatchObject({ action: 'send_email', scheduledAt: '2027-03-08T09:00:00.000Z' });

    await runAt(db, acme.id, '2027-03-08T09:00:00.000Z', { mailer: outbox });
    expect(await drainOutbox()).toBe(1);
    const inbox = mail.emulator.control.messages(BUYER, 'inbox').filter((m) => m.subject === 'Fabrikam and Q1, Dana');
    expect(inbox).toHaveLength(1);
    const received = inbox[0]!;
    expect(received.internetMessageHeaders.find((h) => h.name.toLowerCase() === 'x-pivotal-send-key')?.value).toMatch(
      new RegExp(`^seq:${enrollmentId}:`),
    );
    // One-click unsubscribe travels with every automated email (RFC 8058: both headers; sent in MIME format).
    expect(received.internetMessageHeaders.find((h) => h.name.toLowerCase() === 'list-unsubscribe-post')?.value).toBe(
      'List-Unsubscribe=One-Click',
    );
    expect(received.internetMessageHeaders.find((h) => h.name.toLowerCase() === 'list-unsubscribe')?.value).toMatch(
      /^<https:\/\/pivotal\.test\/u\//,
    );

    const sync = () =>
      syncMailbox(syncDeps(db, mail, { replies: createReplyDetector(mail.adapter, db) }), acme.id, mailboxId);
    await sync();
    const buyer: MailboxRef = { tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER };
    const reply = await mail.adapter.createReplyDraft(buyer, received!.id, 'Yes, Tuesday works for me.');
    await mail.adapter.sendDraft(buyer, reply.id);
    await sync();
    await sync();

    expect(await admin.sequence.run.nextAction({ enrollmentId })).toMatchObject({ action: 'none' });
    const [detected] = await eventsOf(db, acme.id, 'mail.replyDetected');
    expect(detected!.payload).toMatchObject({
      classification: 'human_reply',
      contactId: dana.id,
      enrollmentIds: [enrollmentId],
    });
    expect(await db('sequenceEnrollments').where({ id: enrollmentId }).first()).toMatchObject({
      status: 'completed',
      stopReason: 'replied',
    });
    await runAt(db, acme.id, '2027-03-10T10:00:00.000Z', { mailer: outbox });
    expect(await drainOutbox()).toBe(0); // the second email never goes out
    expect(
      mail.emulator.control.messages(BUYER, 'inbox').filter((m) => m.subject === 'Fabrikam and Q1, Dana'),
    ).toHaveLength(1);
    const metrics = await admin.sequence.metrics.get({ sequenceId: sequence.id });
    expect(metrics.enrollments).toMatchObject({ enrolled: 1, completed: 1, replied: 1 });
    expect(metrics.steps[0]).toMatchObject({ sent: 1, replies: 1 });
  });
});
