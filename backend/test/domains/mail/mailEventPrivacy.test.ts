import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as scrubMailEvents } from '#db/migrations/20261206000410_scrub_mail_event_payloads';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { createReplyDetector } from '#domains/mail/replies/detector';
import { sendOutboxMail } from '#domains/mail/send/sender';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const BUYER = 'buyer@northwind.example';
const MAIL_EVENTS = 'mail.synced,mail.sent,mail.replyDetected';

describe('mail.* events name nothing private of the mailbox (event.list, webhooks)', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let mailboxId: string;
  let ids: { contact: string; opportunity: string };
  const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
  const run = () =>
    syncMailbox(
      syncDeps(t.db.ownerKnex, mail, { replies: createReplyDetector(mail.adapter, t.db.ownerKnex) }),
      tenant.id,
      mailboxId,
    );

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: null });
    tenant = await t.tenant();
    const account = await createAccount(t.db.ownerKnex, tenant.id, { name: 'Northwind', clientId: tenant.clientId });
    const contact = await createContact(t.db.ownerKnex, tenant.id, {
      accountId: account.id,
      email: BUYER,
      firstName: 'Bea',
    });
    const opportunity = await createOpportunity(t.db.ownerKnex, tenant.id, {
      accountId: account.id,
      clientId: tenant.clientId,
      primaryContactId: contact.id,
      name: 'Q1 campaign',
    });
    ids = { contact: contact.id, opportunity: opportunity.id };
    const rep = tenant.users.salesRep;
    mail.emulator.control.seedMailbox({ address: rep.email, messages: 3, days: 5 });
    mail.emulator.control.seedMailbox({ address: BUYER });
    mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, rep.id, rep.email, { backfillDays: 30 });
  }, 60_000);
  afterAll(async () => {
    setMailRuntime(null);
    await mail?.close();
    await t?.close();
  });

  it("shows an event.read holder who does not own the mailbox (analyst, admin) no id, subject or address of the rep's mail", async () => {
    const rep = tenant.users.salesRep;
    // A send through the outbox (mail.sent), a sync (mail.synced) and a reply to it (mail.replyDetected).
    const sent = await t.call(
      'mail.message.send',
      {
        to: [BUYER],
        subject: 'Secret pricing for Q1',
        body: { contentType: 'text', content: 'Our best price is 42.' },
        opportunityId: ids.opportunity,
      },
      rep.token,
    );
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(
      await sendOutboxMail({ knex: t.db.ownerKnex, adapter: mail.adapter }, tenant.id, sent.body.data.scheduledSendId),
    ).toMatchObject({ kind: 'sent' });
    await run();
    const original = mail.emulator.control.messages(BUYER, 'inbox').find((m) => m.subject === 'Secret pricing for Q1')!;
    const buyer: MailboxRef = { tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER };
    const reply = await mail.adapter.createReplyDraft(buyer, original.id, 'I am out of the office until December 3rd.');
    await mail.adapter.sendDraft(buyer, reply.id);
    await run();

    // What is private to the mailbox: its id, its messages' ids, threads, conversation and Graph ids, subjects, addresses.
    const rows = (await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex')
        .where({ tenantId: tenant.id, mailboxId })
        .select('id', 'threadKey', 'conversationId', 'externalId', 'internetMessageId', 'subject'),
    )) as Record<string, string | null>[];
    const outbox = (await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailOutbox').where({ tenantId: tenant.id }).select('id', 'sendKey'),
    )) as Record<string, string>[];
    const secrets = new Set(
      [
        mailboxId,
        BUYER,
        rep.email,
        'Secret pricing',
        ...rows.flatMap((r) => Object.values(r)),
        ...outbox.flatMap((r) => Object.values(r)),
      ].filter((v): v is string => typeof v === 'string' && v.length > 3),
    );
    expect(rows.length).toBeGreaterThan(3);

    for (const reader of [tenant.users.analyst, tenant.users.admin]) {
      const res = await t.call('event.list', undefined, reader.token, {
        method: 'GET',
        query: `names=${MAIL_EVENTS}&limit=200`,
      });
      expect(res.status).toBe(200);
      const events = res.body.data as { name: string; data: Record<string, unknown> }[];
      expect(new Set(events.map((e) => e.name))).toEqual(new Set(MAIL_EVENTS.split(',')));
      const text = JSON.stringify(events);
      for (const secret of secrets) expect(text.includes(secret), `event.list leaks ${secret}`).toBe(false);
      // What stays: whose mail it was and the CRM records it concerns.
      expect(events.find((e) => e.name === 'mail.sent')?.data).toEqual({
        userId: rep.id,
        contactIds: [ids.contact],
        opportunityId: ids.opportunity,
        enrollmentId: null,
        aiDraftId: null,
      });
      expect(events.find((e) => e.name === 'mail.replyDetected')?.data).toMatchObject({
        userId: rep.id,
        contactId: ids.contact,
        opportunityId: ids.opportunity,
        classification: 'out_of_office',
      });
    }
  }, 60_000);

  it('scrubs mail events already in the outbox (migration): private keys gone, the owner named, orphans dropped', async () => {
    const old = [
      {
        name: 'mail.sent',
        payload: {
          mailboxId,
          messageId: uuidv7(),
          threadKey: 'conv:abc',
          contactIds: [],
          opportunityId: null,
          enrollmentId: null,
          aiDraftId: null,
        },
      },
      {
        name: 'mail.replyDetected',
        payload: {
          mailboxId,
          messageId: uuidv7(),
          threadKey: 'conv:abc',
          contactId: null,
          opportunityId: null,
          enrollmentIds: [],
          classification: 'human_reply',
          reason: 'quoted "text"',
          returnDate: null,
          inReplyToMessageId: uuidv7(),
        },
      },
      {
        name: 'mail.synced',
        payload: {
          mailboxId: uuidv7(),
          userId: uuidv7(),
          folder: 'inbox',
          added: 1,
          updated: 0,
          removed: 0,
          backfillComplete: true,
        },
      },
    ];
    const inserted = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events')
        .insert(
          old.map((e) => ({
            tenantId: tenant.id,
            id: uuidv7(),
            name: e.name,
            actor: 'worker:mail',
            payload: JSON.stringify(e.payload),
          })),
        )
        .returning('id'),
    );
    await t.db.ownerKnex.transaction((trx) => scrubMailEvents(trx));
    const after = (await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events')
        .whereIn(
          'id',
          inserted.map((r: { id: string }) => r.id),
        )
        .orderBy('seq')
        .select('name', 'payload'),
    )) as { name: string; payload: Record<string, unknown> }[];
    expect(after).toEqual([
      {
        name: 'mail.sent',
        payload: {
          userId: tenant.users.salesRep.id,
          contactIds: [],
          opportunityId: null,
          enrollmentId: null,
          aiDraftId: null,
        },
      },
      {
        name: 'mail.replyDetected',
        payload: {
          userId: tenant.users.salesRep.id,
          contactId: null,
          opportunityId: null,
          enrollmentIds: [],
          classification: 'human_reply',
          returnDate: null,
        },
      },
    ]);
  });
});
