import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { createReplyDetector } from '#domains/mail/replies/detector';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const BUYER = 'buyer@northwind.example';

describe('mail linking, email engagements and reply detection', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let mailboxId: string;
  let rep: MailboxRef;
  const buyer: MailboxRef = { tenantId: 'elsewhere', mailboxId: 'buyer', address: BUYER };
  let ids: { contact: string; account: string; opportunity: string };
  const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
  const run = () =>
    syncMailbox(
      syncDeps(t.db.ownerKnex, mail, { replies: createReplyDetector(mail.adapter, t.db.ownerKnex) }),
      tenant.id,
      mailboxId,
    );

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    tenant = await t.tenant();
    const account = await createAccount(t.db.ownerKnex, tenant.id, { name: 'Northwind', clientId: tenant.clientId });
    const contact = await createContact(t.db.ownerKnex, tenant.id, {
      accountId: account.id,
      email: BUYER,
      firstName: 'Bea',
    });
    await createOpportunity(t.db.ownerKnex, tenant.id, {
      accountId: account.id,
      clientId: tenant.clientId,
      name: 'Other deal',
    });
    const opportunity = await createOpportunity(t.db.ownerKnex, tenant.id, {
      accountId: account.id,
      clientId: tenant.clientId,
      primaryContactId: contact.id,
      name: 'Q1 campaign',
    });
    ids = { contact: contact.id, account: account.id, opportunity: opportunity.id };
    const address = tenant.users.salesRep.email;
    mail.emulator.control.seedMailbox({ address, messages: 5, days: 10 });
    mail.emulator.control.seedMailbox({ address: BUYER });
    mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, tenant.users.salesRep.id, address);
    rep = { tenantId: tenant.id, mailboxId, address };
  });
  afterAll(async () => {
    await mail.close();
    await t.close();
  });

  it('links sent and received mail to the contact, its account and the open opportunity it is primary on, once', async () => {
    for (const subject of ['Q1 campaign proposal', 'Case studies', 'Newsletter']) {
      const draft = await mail.adapter.createDraft(rep, {
        subject,
        body: { contentType: 'text', content: `About ${subject}` },
        toRecipients: [{ emailAddress: { address: BUYER } }],
      });
      await mail.adapter.sendDraft(rep, draft.id);
    }
    await run();
    const sent = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, mailboxId, direction: 'out' }).whereNotNull('contactId'),
    );
    expect(sent).toHaveLength(3);
    for (const row of sent)
      expect(row).toMatchObject({
        contactId: ids.contact,
        accountId: ids.account,
        opportunityId: ids.opportunity,
        clientId: tenant.clientId,
        folder: 'sent',
      });
    const engagements = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('engagements').where({ tenantId: tenant.id, type: 'email_out' }),
    );
    expect(engagements).toHaveLength(3);
    expect(engagements[0]).toMatchObject({
      contactId: ids.contact,
      opportunityId: ids.opportunity,
      actorId: tenant.users.salesRep.id,
      channel: 'email',
      direction: 'out',
    });
  });

  it('classifies replies to our mail (human, out-of-office with its return date, unsubscribe) and reports each once', async () => {
    const inbox = mail.emulator.control.messages(BUYER, 'inbox');
    const bySubject = (s: string) => inbox.find((m) => m.subject === s)?.id ?? '';
    const replies: [string, string][] = [
      ['Q1 campaign proposal', 'Sounds good, can we talk Thursday?'],
      ['Case studies', 'I am out of the office until December 3rd with limited access to email.'],
      ['Newsletter', 'Please remove me from your mailing list.'],
    ];
    for (const [subject, comment] of replies) {
      const draft = await mail.adapter.createReplyDraft(buyer, bySubject(subject), comment);
      await mail.adapter.sendDraft(buyer, draft.id);
    }
    await run();
    await run();
    const events = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events').where({ tenantId: tenant.id, name: 'mail.replyDetected' }).orderBy('seq'),
    );
    expect(events.map((e: { payload: { classification: string } }) => e.payload.classification).sort()).toEqual([
      'human_reply',
      'out_of_office',
      'unsubscribe',
    ]);
    const ooo = events.find(
      (e: { payload: { classification: string } }) => e.payload.classification === 'out_of_office',
    );
    expect(ooo.payload).toEqual({
      userId: tenant.users.salesRep.id,
      contactId: ids.contact,
      opportunityId: ids.opportunity,
      enrollmentIds: [],
      classification: 'out_of_office',
      returnDate: expect.stringMatching(/^\d{4}-12-03$/),
    });
    expect(ooo.clientId).toBe(tenant.clientId);
    const rows = (await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex')
        .where({ tenantId: tenant.id, mailboxId })
        .select('direction', 'subject', 'threadKey', 'isReplied'),
    )) as { direction: 'in' | 'out'; subject: string; threadKey: string; isReplied: boolean }[];
    for (const [subject] of replies) {
      const out = rows.find((r) => r.direction === 'out' && r.subject === subject)!;
      const reply = rows.find((r) => r.direction === 'in' && r.subject.endsWith(subject))!;
      // The answered message is marked, and the reply sits in its thread.
      expect(out.isReplied).toBe(true);
      expect(reply.threadKey).toBe(out.threadKey);
    }
    const inbound = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('engagements').where({ tenantId: tenant.id, type: 'email_in' }),
    );
    expect(inbound).toHaveLength(3);
  });
});
