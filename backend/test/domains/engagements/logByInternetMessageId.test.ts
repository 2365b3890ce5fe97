import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemScope, withTenant } from '#db/tenantTx';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from '../mail/mailHarness';
import { expectError, expectInvalid } from '../directory/checks';

const BUYER = 'buyer@initech.example';

describe('engagement.log by internetMessageId (the Outlook pane)', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let mailboxId: string;
  let ids: { account: string; contact: string; opportunity: string };
  const rep = () => tenant.users.salesRep;
  const inTenant = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(t.db.ownerKnex, systemScope(tenant.id, 'all'), fn);
  const deliver = (subject: string) =>
    mail.emulator.control.deliver(rep().email, {
      subject,
      from: { emailAddress: { name: 'Buyer', address: BUYER } },
      toRecipients: [{ emailAddress: { name: 'Rep', address: rep().email } }],
      body: { contentType: 'text', content: `About ${subject}` },
    });
  const logEmail = (internetMessageId: string, token = rep().token, extra: Record<string, unknown> = {}) =>
    t.call(
      'engagement.log',
      {
        type: 'email_in',
        channel: 'email',
        opportunityId: ids.opportunity,
        contactId: ids.contact,
        internetMessageId,
        subject: 'From the pane',
        ...extra,
      },
      token,
    );
  const engagementsOf = (opportunityId: string) =>
    inTenant((trx) => trx('engagements').where({ tenantId: tenant.id, opportunityId }).orderBy('createdAt'));

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    tenant = await t.tenant();
    const db = t.db.ownerKnex;
    const account = await createAccount(db, tenant.id, { name: 'Initech', domain: 'initech.example' });
    const contact = await createContact(db, tenant.id, { accountId: account.id, email: BUYER });
    const opportunity = await createOpportunity(db, tenant.id, { accountId: account.id, primaryContactId: contact.id });
    ids = { account: account.id, contact: contact.id, opportunity: opportunity.id };
    mail.emulator.control.seedMailbox({ address: rep().email, messages: 0 });
    mailboxId = await connectMailbox(db, tenant.id, rep().id, rep().email);
  });
  afterAll(async () => {
    await mail?.close();
    await t?.close();
  });

  it('logs an email Pivotal has not synced once: a second log answers the same engagement, and sync adds none', async () => {
    const message = deliver('Renewal question');
    const first = await logEmail(message.internetMessageId);
    expect(first.status).toBe(200);
    const second = await logEmail(message.internetMessageId, rep().token, { subject: 'Logged again' });
    expect(second.body.data).toEqual(first.body.data);
    expect(first.body.data).toMatchObject({
      type: 'email_in',
      subject: 'From the pane',
      opportunityId: ids.opportunity,
    });
    // The second log changed nothing: no second engagement.logged event.
    const events = await inTenant((trx) =>
      trx('events')
        .where({ tenantId: tenant.id, name: 'engagement.logged' })
        .whereRaw("payload->>'engagementId' = ?", [first.body.data.id]),
    );
    expect(events).toHaveLength(1);

    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const synced = (await inTenant((trx) =>
      trx('messageIndex')
        .where({ tenantId: tenant.id, mailboxId, internetMessageId: message.internetMessageId })
        .first('id'),
    )) as { id: string };
    const rows = await engagementsOf(ids.opportunity);
    // One engagement for the email: the pane's, now pointing at the synced message.
    expect(rows.map((r) => [r.id, r.messageId])).toEqual([[first.body.data.id, synced.id]]);
    // Sync again: still one.
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    expect(await engagementsOf(ids.opportunity)).toHaveLength(1);
  });

  it("logs the caller's synced copy when Pivotal has it, as messageId does", async () => {
    const message = deliver('Pricing');
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const other = await createOpportunity(t.db.ownerKnex, tenant.id, { accountId: ids.account });
    const res = await logEmail(message.internetMessageId, rep().token, { opportunityId: other.id });
    expect(res.status).toBe(200);
    const synced = (await inTenant((trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, internetMessageId: message.internetMessageId }).first('id'),
    )) as { id: string };
    // The sync's engagement for the message is the one logged (moved to the chosen opportunity), with its words.
    expect(res.body.data).toMatchObject({ opportunityId: other.id, subject: 'Pricing' });
    const forMessage = await inTenant((trx) => trx('engagements').where({ tenantId: tenant.id, messageId: synced.id }));
    expect(forMessage.map((e) => e.id)).toEqual([res.body.data.id]);
  });

  it("keeps each user's log their own: another rep logging the same message id makes their own engagement", async () => {
    const message = deliver('Shared thread');
    const mine = await logEmail(message.internetMessageId);
    const theirs = await logEmail(message.internetMessageId, tenant.users.salesManager.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.data.id).not.toBe(mine.body.data.id);
  });

  it('answers 400 for messageId with internetMessageId, or a non-email type, and writes nothing', async () => {
    const before = (await engagementsOf(ids.opportunity)).length;
    const id = '0192e3a4-86f1-71af-91ab-2d7cd011db47';
    expectInvalid(await logEmail('<a@b.test>', rep().token, { messageId: id }), 'internetMessageId');
    expectInvalid(await logEmail('<a@b.test>', rep().token, { type: 'note', channel: 'inapp' }), 'type');
    expectInvalid(await logEmail(''), 'internetMessageId');
    expect(await engagementsOf(ids.opportunity)).toHaveLength(before);
  });

  it('answers 422 at internetMessageId to a caller without a mailbox (an API key), and 403 to roles that cannot write', async () => {
    const key = await t.call('apiKey.create', { name: 'portal', role: 'salesRep' }, tenant.users.admin.token);
    const res = await t.call(
      'engagement.log',
      { type: 'email_in', channel: 'email', opportunityId: ids.opportunity, internetMessageId: '<k@b.test>' },
      key.body.data.secret,
    );
    expect([res.status, res.body.error.code, res.body.error.details.field]).toEqual([
      422,
      'reference_invalid',
      'internetMessageId',
    ]);
    expectError(await logEmail('<v@b.test>', tenant.users.clientViewer.token), 403, 'forbidden');
  });
});
