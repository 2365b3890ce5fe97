import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReplyDetector } from '../../../src/domains/mail/replies/detector';
import { syncMailbox } from '../../../src/domains/mail/sync/syncMailbox';
import { createRecordingMailer, type SequenceMail } from '../../../src/domains/sequences/ports';
import type { MailboxRef } from '../../../src/integrations/graph/mailboxAccess';
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

/** Stands in for the mail outbox's dispatcher: what a committed transaction handed over goes out through Graph. */
async function dispatch(mails: SequenceMail[], knex: Knex): Promise<void> {
  for (const m of mails.splice(0)) {
    const box = (await knex('mailboxAccounts').where({ id: m.mailboxId }).first('userId')) as { userId: string };
    const user = (await knex('users').where({ id: box.userId }).first('email')) as { email: string };
    const ref: MailboxRef = { tenantId: m.tenantId, mailboxId: m.mailboxId, address: user.email };
    const draft = await mail.adapter.createDraft(ref, {
      subject: m.subject, body: { contentType: 'html', content: m.bodyHtml }, toRecipients: m.to.map((r) => ({ emailAddress: r })),
      internetMessageHeaders: [{ name: 'x-pivotal-send-key', value: m.sendKey }],
    });
    await mail.adapter.sendDraft(ref, draft.id);
  }
}

describe('a sequence end to end', () => {
  it('is built and enrolled through the SDK, sends through the emulated mailbox inside its window, and stops on a reply', async () => {
    const admin = t.client(acme.users.admin.token);
    const db = t.db.ownerKnex;
    const account = await createAccount(db, acme.id, { name: 'Fabrikam' });
    const dana = await createContact(db, acme.id, { accountId: account.id, email: BUYER, firstName: 'Dana', timeZone: 'Europe/London' });
    const template = await admin.template.create({ name: 'First touch', subject: 'Fabrikam and Q1, {{contact.firstName}}', body: { contentType: 'html', content: '<p>Hi {{contact.firstName}}, shall we talk?</p>' } });
    const sequence = await admin.sequence.create({
      name: 'Fabrikam outreach', goal: 'meeting', sendWindow: weekdays('Europe/London'),
      steps: [{ type: 'email', mode: 'auto', templateId: template.id, wait: 'P2D' }, { type: 'email', mode: 'auto', templateId: template.id }],
    });
    const saturday = '2027-03-06T11:00:00.000Z';
    const enrolled = await admin.sequence.enroll({ sequenceId: sequence.id, targets: [{ contactId: dana.id }], ownerId: acme.users.salesRep.id, startAt: saturday });
    const enrollmentId = enrolled.results[0]!.enrollmentId!;

    const outbox = createRecordingMailer();
    await runAt(db, acme.id, saturday, { mailer: outbox });
    expect(outbox.attempts).toHaveLength(0); // the weekend is outside the window
    const next = await admin.sequence.run.nextAction({ enrollmentId });
    expect(next).toMatchObject({ action: 'send_email', scheduledAt: '2027-03-08T09:00:00.000Z' });

    await runAt(db, acme.id, '2027-03-08T09:00:00.000Z', { mailer: outbox });
    await new Promise((r) => setTimeout(r, 10));
    expect(outbox.committed).toHaveLength(1);
    await dispatch(outbox.committed, db);
    const received = mail.emulator.control.messages(BUYER, 'inbox').find((m) => m.subject === 'Fabrikam and Q1, Dana');
    expect(received).toBeDefined();

    const sync = () => syncMailbox(syncDeps(db, mail, { replies: createReplyDetector(mail.adapter, db) }), acme.id, mailboxId);
    await sync();
    const buyer: MailboxRef = { tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER };
    const reply = await mail.adapter.createReplyDraft(buyer, received!.id, 'Yes, Tuesday works for me.');
    await mail.adapter.sendDraft(buyer, reply.id);
    await sync();
    await sync();

    expect(await admin.sequence.run.nextAction({ enrollmentId })).toMatchObject({ action: 'none' });
    const [detected] = await eventsOf(db, acme.id, 'mail.replyDetected');
    expect(detected!.payload).toMatchObject({ classification: 'human_reply', contactId: dana.id, enrollmentIds: [enrollmentId] });
    expect(await db('sequenceEnrollments').where({ id: enrollmentId }).first()).toMatchObject({ status: 'completed', stopReason: 'replied' });
    await runAt(db, acme.id, '2027-03-10T10:00:00.000Z', { mailer: outbox });
    expect(outbox.attempts).toHaveLength(1); // the second email never goes out
    const metrics = await admin.sequence.metrics.get({ sequenceId: sequence.id });
    expect(metrics.enrollments).toMatchObject({ enrolled: 1, completed: 1, replied: 1 });
    expect(metrics.steps[0]).toMatchObject({ sent: 1, replies: 1 });
  });
});
