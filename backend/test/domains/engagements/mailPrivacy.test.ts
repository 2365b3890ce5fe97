import { roles, type Role } from '@pivotal-pm/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity, createUser } from '../../helpers/factories';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from '../mail/mailHarness';

const CLIENT_BUYER = 'buyer@northwind.example';
const INTERNAL_BUYER = 'cfo@northwind-holding.example';

type Item = {
  id: string;
  type: string;
  title?: string | null;
  subject?: string | null;
  preview?: string | null;
  bodyPreview?: string | null;
  contactId: string | null;
  direction: string | null;
};

/**
 * Issue 12, items 1 and 2b: synced mail on record timelines. The client of a mail engagement is its opportunity's
 * (an internal opportunity's NULL included); what a synced email says shows to the mailbox owner and the users the
 * mailbox is shared with only, unless the owner logs it to the record; client roles never see email engagements.
 */
describe('synced mail on records: client stamp and mailbox privacy', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let mailboxId: string;
  let rep: MailboxRef;
  let otherRepToken: string;
  const ids = {
    clientAccount: '',
    clientOpp: '',
    clientContact: '',
    holdingAccount: '',
    internalOpp: '',
    internalContact: '',
  };
  const ownerScope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
  const sync = () => syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
  const send = async (to: string, subject: string) => {
    const draft = await mail.adapter.createDraft(rep, {
      subject,
      body: { contentType: 'text', content: `Body of ${subject}` },
      toRecipients: [{ emailAddress: { address: to } }],
    });
    await mail.adapter.sendDraft(rep, draft.id);
  };
  const call = async (op: string, body: unknown, token: string) => t.call(op, body, token);
  const timeline = async (input: Record<string, unknown>, token: string): Promise<Item[]> => {
    const res = await call('timeline.get', input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as Item[];
  };
  const engagements = async (input: Record<string, unknown>, token: string): Promise<Item[]> => {
    const res = await call('engagement.list', input, token);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.data as Item[];
  };
  const emails = (items: Item[]) => items.filter((i) => i.type === 'email_in' || i.type === 'email_out');

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    tenant = await t.tenant();
    const db = t.db.ownerKnex;
    const repId = tenant.users.salesRep.id;
    // A Northwind (client) account with a client opportunity, and a holding account of the same client whose deal
    // runs in an internal pipeline (client NULL): the case that leaked.
    const clientAccount = await createAccount(db, tenant.id, { name: 'Northwind', clientId: tenant.clientId });
    const clientContact = await createContact(db, tenant.id, {
      accountId: clientAccount.id,
      email: CLIENT_BUYER,
      clientId: tenant.clientId,
    });
    const clientOpp = await createOpportunity(db, tenant.id, {
      accountId: clientAccount.id,
      clientId: tenant.clientId,
      primaryContactId: clientContact.id,
      ownerId: repId,
    });
    const holding = await createAccount(db, tenant.id, { name: 'Northwind Holding', clientId: tenant.clientId });
    const internalContact = await createContact(db, tenant.id, {
      accountId: holding.id,
      email: INTERNAL_BUYER,
      clientId: tenant.clientId,
    });
    const internalOpp = await createOpportunity(db, tenant.id, {
      accountId: holding.id,
      clientId: null,
      primaryContactId: internalContact.id,
      ownerId: repId,
    });
    Object.assign(ids, {
      clientAccount: clientAccount.id,
      clientOpp: clientOpp.id,
      clientContact: clientContact.id,
      holdingAccount: holding.id,
      internalOpp: internalOpp.id,
      internalContact: internalContact.id,
    });
    const otherRep = await createUser(db, tenant.id, {
      role: 'salesRep',
      active: true,
      entraObjectId: crypto.randomUUID(),
    });
    otherRepToken = await t.token(tenant.slug, otherRep.email);

    const address = tenant.users.salesRep.email;
    mail.emulator.control.seedMailbox({ address, messages: 0, days: 1 });
    mail.emulator.control.seedMailbox({ address: CLIENT_BUYER });
    mail.emulator.control.seedMailbox({ address: INTERNAL_BUYER });
    mailboxId = await connectMailbox(db, tenant.id, repId, address);
    rep = { tenantId: tenant.id, mailboxId, address };
    await send(CLIENT_BUYER, 'Northwind renewal terms');
    await send(INTERNAL_BUYER, 'Holding internal pricing');
    await sync();
  });
  afterAll(async () => {
    await mail?.close();
    await t?.close();
  });

  it('stamps mail of an internal opportunity with no client, in the index and on the engagement', async () => {
    const rows = await withTenant(t.db.ownerKnex, ownerScope(), async (trx) => ({
      index: await trx('messageIndex')
        .where({ tenantId: tenant.id, contactId: ids.internalContact })
        .select('opportunityId', 'clientId'),
      engagement: await trx('engagements')
        .where({ tenantId: tenant.id, contactId: ids.internalContact })
        .select('opportunityId', 'clientId'),
    }));
    expect(rows.index).toEqual([{ opportunityId: ids.internalOpp, clientId: null }]);
    expect(rows.engagement).toEqual([{ opportunityId: ids.internalOpp, clientId: null }]);
  });

  it('shows client roles no email engagement, on internal or client records, through every read', async () => {
    for (const role of ['clientViewer', 'clientApprover'] as const) {
      const token = tenant.users[role].token;
      expect(await engagements({ opportunityId: ids.internalOpp }, token)).toEqual([]);
      expect(emails(await engagements({ opportunityId: ids.clientOpp }, token))).toEqual([]);
      expect(emails(await engagements({ includeBots: true }, token))).toEqual([]);
      expect(emails(await timeline({ accountId: ids.holdingAccount }, token))).toEqual([]);
      expect(emails(await timeline({ accountId: ids.clientAccount }, token))).toEqual([]);
      expect(emails(await timeline({ contactId: ids.clientContact }, token))).toEqual([]);
    }
  });

  it('shows the mailbox owner what the email says, and every other internal role only that it happened', async () => {
    const mine = emails(await timeline({ opportunityId: ids.clientOpp }, tenant.users.salesRep.token));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      type: 'email_out',
      direction: 'out',
      contactId: ids.clientContact,
      title: 'Northwind renewal terms',
    });
    expect(mine[0]!.preview).toContain('Body of Northwind renewal terms');
    const listed = emails(await engagements({ opportunityId: ids.clientOpp }, tenant.users.salesRep.token));
    expect(listed[0]).toMatchObject({ subject: 'Northwind renewal terms' });

    const others: [string, string][] = [
      ...roles
        .filter((r: Role) => r !== 'salesRep' && !r.startsWith('client'))
        .map((r): [string, string] => [r, tenant.users[r].token]),
      ['another rep', otherRepToken],
    ];
    for (const [who, token] of others) {
      const seen = emails(await timeline({ opportunityId: ids.clientOpp }, token));
      expect(seen, who).toHaveLength(1);
      expect(seen[0], who).toMatchObject({
        id: mine[0]!.id,
        type: 'email_out',
        direction: 'out',
        contactId: ids.clientContact,
        title: null,
        preview: null,
      });
      const list = emails(await engagements({ opportunityId: ids.clientOpp }, token));
      expect(list[0], who).toMatchObject({ subject: null, bodyPreview: null, contactId: ids.clientContact });
    }
  });

  it('shows the words to a user the mailbox is shared with, and stops when the share is revoked', async () => {
    const manager = tenant.users.salesManager;
    const share = await call('mailbox.share.create', { mailboxId, userId: manager.id }, tenant.users.salesRep.token);
    expect(share.status, JSON.stringify(share.body)).toBe(200);
    expect(emails(await timeline({ opportunityId: ids.clientOpp }, manager.token))[0]).toMatchObject({
      title: 'Northwind renewal terms',
    });
    expect((await call('mailbox.share.revoke', { id: share.body.data.id }, tenant.users.salesRep.token)).status).toBe(
      200,
    );
    expect(emails(await timeline({ opportunityId: ids.clientOpp }, manager.token))[0]).toMatchObject({ title: null });
  });

  it('lets only the owner log a synced email to a record, which shares its words on that one engagement', async () => {
    const [message] = await withTenant(t.db.ownerKnex, ownerScope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, contactId: ids.clientContact }).select('id'),
    );
    const input = { type: 'email_out', channel: 'email', opportunityId: ids.clientOpp, messageId: message.id };
    // Not the owner's mailbox (even shared with them), a client-scoped caller, and bad input: refused, nothing changes.
    await call('mailbox.share.create', { mailboxId, userId: tenant.users.admin.id }, tenant.users.salesRep.token);
    const byAdmin = await call('engagement.log', input, tenant.users.admin.token);
    expect(byAdmin.status).toBe(422);
    expect(byAdmin.body.error.details.issues[0].path).toBe('messageId');
    expect((await call('engagement.log', input, tenant.users.clientApprover.token)).status).toBe(403);
    const bad = await call('engagement.log', { ...input, messageId: 'not-an-id' }, tenant.users.salesRep.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('messageId');
    expect(emails(await timeline({ opportunityId: ids.clientOpp }, tenant.users.analyst.token))[0]).toMatchObject({
      title: null,
    });

    const logged = await call('engagement.log', input, tenant.users.salesRep.token);
    expect(logged.status, JSON.stringify(logged.body)).toBe(200);
    expect(logged.body.data).toMatchObject({
      subject: 'Northwind renewal terms',
      type: 'email_out',
      opportunityId: ids.clientOpp,
    });
    const seen = emails(await timeline({ opportunityId: ids.clientOpp }, tenant.users.analyst.token));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: logged.body.data.id, title: 'Northwind renewal terms' });
    // Still one engagement for the message after another sync, and still none for client roles.
    await sync();
    expect(emails(await engagements({ opportunityId: ids.clientOpp }, tenant.users.salesRep.token))).toHaveLength(1);
    expect(emails(await engagements({ opportunityId: ids.clientOpp }, tenant.users.clientViewer.token))).toEqual([]);
  });

  it("keeps an engagement on its opportunity's client in the database, whoever writes it", async () => {
    const write = (values: Record<string, unknown>) =>
      withTenant(t.db.ownerKnex, ownerScope(), (trx) =>
        trx('engagements')
          .insert({
            tenantId: tenant.id,
            id: crypto.randomUUID(),
            occurredAt: new Date(),
            accountId: ids.holdingAccount,
            type: 'note',
            channel: 'inapp',
            ...values,
          })
          .returning('clientId'),
      );
    // A client stamped on an internal opportunity's engagement is refused by the foreign key.
    await expect(write({ opportunityId: ids.internalOpp, clientId: tenant.clientId })).rejects.toMatchObject({
      code: '23503',
    });
    // A missing client is taken from the opportunity.
    expect(await write({ opportunityId: ids.clientOpp, accountId: ids.clientAccount, clientId: null })).toEqual([
      { clientId: tenant.clientId },
    ]);
  });
});
