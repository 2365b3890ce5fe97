import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { insertMailbox, visibleTo } from './helpers';

let t: TestApp;
let acme: TestTenant;
let mailboxId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await t.tenant();
  mailboxId = await insertMailbox(t.db.ownerKnex, acme.id, acme.users.salesRep.id, 'rep@agency.example');
});
afterAll(async () => t?.close());

const see = (userId: string, clientIds: string[] | null = null) =>
  visibleTo(t.db.appKnex, acme.id, userId, mailboxId, clientIds);

describe('mailbox privacy with explicit shares', () => {
  it('shows mail to its owner only; a share grants read access; revoking removes it', async () => {
    const { salesRep: rep, salesManager: manager, admin } = acme.users;
    expect(await see(rep.id)).toEqual({ mailboxes: 1, messages: 1 });
    // Neither a manager nor an admin sees a rep's mail by role.
    expect(await see(manager.id)).toEqual({ mailboxes: 0, messages: 0 });
    expect(await see(admin.id)).toEqual({ mailboxes: 0, messages: 0 });

    const shared = await t.call('mailbox.share.create', { mailboxId, userId: manager.id }, rep.token);
    expect(shared.status).toBe(200);
    expect(await see(manager.id)).toEqual({ mailboxes: 1, messages: 1 });
    expect(await see(admin.id)).toEqual({ mailboxes: 0, messages: 0 });
    // The share is visible to the owner and the grantee, not to others.
    const shareSeenBy = (userId: string) =>
      withTenant(
        t.db.appKnex,
        { tenantId: acme.id, userId, clientIds: null },
        async (trx) => (await trx('mailboxShares')).length,
      );
    expect([await shareSeenBy(rep.id), await shareSeenBy(manager.id), await shareSeenBy(admin.id)]).toEqual([1, 1, 0]);

    // Read only: the grantee cannot change the owner's mailbox or messages.
    const write = withTenant(t.db.appKnex, { tenantId: acme.id, userId: manager.id, clientIds: null }, (trx) =>
      trx('messageIndex').where({ tenantId: acme.id, mailboxId }).update({ isRead: true }),
    );
    await expect(write).rejects.toMatchObject({ code: '42501' });

    expect((await t.call('mailbox.share.revoke', { id: shared.body.data.id }, rep.token)).status).toBe(200);
    expect(await see(manager.id)).toEqual({ mailboxes: 0, messages: 0 });
  });

  it('never shows mail to a client-scoped caller, not even with a share row forced in', async () => {
    const viewer = acme.users.clientViewer;
    // The API refuses the share (client users never see mail); force one at the database level.
    await withTenant(t.db.ownerKnex, { tenantId: acme.id, userId: null, clientIds: null, mailboxScope: 'all' }, (trx) =>
      trx('mailboxShares').insert({
        tenantId: acme.id,
        id: uuidv7(),
        mailboxId,
        ownerId: acme.users.salesRep.id,
        userId: viewer.id,
        createdBy: acme.users.salesRep.id,
      }),
    );
    expect(await see(viewer.id, [acme.clientId])).toEqual({ mailboxes: 0, messages: 0 });
    // Even the owner, when acting under a client scope, sees no mail.
    expect(await see(acme.users.salesRep.id, [acme.clientId])).toEqual({ mailboxes: 0, messages: 0 });
    // And the client roles cannot reach the mailbox operations at all.
    for (const role of ['clientViewer', 'clientApprover'] as const) {
      expect((await t.call('mailbox.disconnect', { mailboxId }, acme.users[role].token)).status).toBe(403);
      expect(
        (await t.call('mailbox.share.create', { mailboxId, userId: acme.users.qa.id }, acme.users[role].token)).status,
      ).toBe(403);
    }
  });
});
