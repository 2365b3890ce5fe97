import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailboxAccount, MailboxShare } from '@pivotal-pm/sdk';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import { createMailboxAccess } from '#domains/mail/connect/mailboxAccess';
import type { GraphEmulator } from '#integrations/graph/emulator/index';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import type { TestApp, TestTenant } from '../../helpers/app';
import { appWithEmulator, connectMailbox, insertMailbox } from './helpers';

let t: TestApp;
let graph: GraphEmulator;
let acme: TestTenant;
let globex: TestTenant;
let globexMailbox: string;

beforeAll(async () => {
  ({ t, graph } = await appWithEmulator());
  acme = await t.tenant();
  // The rep's own Microsoft account: only the user's own account can be connected.
  graph.control.seedMailbox({ address: acme.users.salesRep.email, messages: 1, days: 1 });
  globex = await t.tenant();
  globexMailbox = await insertMailbox(t.db.ownerKnex, globex.id, globex.users.salesRep.id, 'rep@globex.example');
});
afterAll(async () => {
  await t?.close();
  await graph?.close();
});

const asWorker = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(t.db.ownerKnex, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, fn);
const audits = (tenantId: string, targetId: string) =>
  asWorker(tenantId, (trx) => trx('auditLog').where({ tenantId, targetId }));

describe('mailbox.connectO365', () => {
  it('answers 400 naming redirectUri for a bad or foreign landing page, 403 without mailbox.manage', async () => {
    const bad = await t.call('mailbox.connectO365', { redirectUri: 'not a url' }, acme.users.salesRep.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('redirectUri');
    const foreign = await t.call(
      'mailbox.connectO365',
      { redirectUri: 'https://evil.example/steal' },
      acme.users.salesRep.token,
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.code).toBe('validation_failed');
    expect(foreign.body.error.details.issues[0].path).toBe('redirectUri');
    for (const role of ['analyst', 'clientViewer'] as const) {
      expect((await t.call('mailbox.connectO365', {}, acme.users[role].token)).status).toBe(403);
    }
  });
});

describe('mailbox.disconnect', () => {
  it('destroys the tokens, drops subscriptions, sets revoked and audits; MailboxAccess then refuses', async () => {
    const rep = acme.users.salesRep;
    const mailboxId = await connectMailbox(t, graph, rep, rep.email);
    await asWorker(acme.id, (trx) =>
      trx('mailboxAccounts')
        .where({ tenantId: acme.id, id: mailboxId })
        .update({
          meta: trx.raw(`meta || '{"subscriptions":[{"id":"sub-1"}],"folders":{"inbox":{"deltaLink":"x"}}}'::jsonb`),
        }),
    );
    const res = await t.call('mailbox.disconnect', {}, rep.token);
    expect(res.status).toBe(200);
    const dto = MailboxAccount.parse(res.body.data);
    expect(dto).toMatchObject({ id: mailboxId, status: 'revoked', address: rep.email, version: 2 });
    const row = await asWorker(acme.id, (trx) =>
      trx('mailboxAccounts').where({ tenantId: acme.id, id: mailboxId }).first(),
    );
    expect(row.encryptedTokens).toBeNull();
    expect(row.meta.subscriptions).toBeUndefined();
    expect(row.meta.homeAccountId).toBeUndefined();
    expect(row.meta.folders).toEqual({ inbox: { deltaLink: 'x' } });
    expect((await audits(acme.id, mailboxId)).map((a) => a.operation)).toContain('mailbox.disconnect');
    const access = createMailboxAccess({ knex: t.db.appKnex, o365: t.services.o365 });
    await expect(access.accessToken({ tenantId: acme.id, mailboxId, address: rep.email })).rejects.toBeInstanceOf(
      MailboxAuthError,
    );
    // Twice: the mailbox is no longer connected.
    const again = await t.call('mailbox.disconnect', { mailboxId }, rep.token);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('mailbox_not_connected');
  });

  it("answers 400 for a bad id, 404 for another tenant's mailbox or none, 403 without permission or for a non-owner", async () => {
    const bad = await t.call('mailbox.disconnect', { mailboxId: 'nope' }, acme.users.salesRep.token);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('mailboxId');
    expect((await t.call('mailbox.disconnect', { mailboxId: globexMailbox }, acme.users.salesRep.token)).status).toBe(
      404,
    );
    expect((await t.call('mailbox.disconnect', {}, acme.users.salesManager.token)).status).toBe(404);
    expect((await t.call('mailbox.disconnect', {}, acme.users.analyst.token)).status).toBe(403);
    const owned = await insertMailbox(t.db.ownerKnex, acme.id, acme.users.marketer.id, 'mk@agency.example');
    // Not visible to the manager at all (404); once shared, visible but not theirs (403 not_owner).
    expect((await t.call('mailbox.disconnect', { mailboxId: owned }, acme.users.salesManager.token)).status).toBe(404);
    await asWorker(acme.id, (trx) =>
      trx('mailboxShares').insert({
        tenantId: acme.id,
        id: uuidv7(),
        mailboxId: owned,
        ownerId: acme.users.marketer.id,
        userId: acme.users.salesManager.id,
        createdBy: acme.users.marketer.id,
      }),
    );
    const notOwner = await t.call('mailbox.disconnect', { mailboxId: owned }, acme.users.salesManager.token);
    expect(notOwner.status).toBe(403);
    expect(notOwner.body.error.code).toBe('not_owner');
    expect((await asWorker(acme.id, (trx) => trx('mailboxAccounts').where({ id: owned }).first())).status).toBe(
      'connected',
    );
  });
});

describe('mailbox.share.create / mailbox.share.revoke', () => {
  let mailboxId: string;
  beforeAll(async () => {
    mailboxId = await insertMailbox(t.db.ownerKnex, acme.id, acme.users.admin.id, 'boss@agency.example');
  });

  it('shares with an internal user, refuses duplicates, then revokes (idempotently), audited', async () => {
    const admin = acme.users.admin;
    const res = await t.call('mailbox.share.create', { mailboxId, userId: acme.users.qa.id }, admin.token);
    expect(res.status).toBe(200);
    const share = MailboxShare.parse(res.body.data);
    expect(share).toMatchObject({
      mailboxId,
      userId: acme.users.qa.id,
      access: 'read',
      createdBy: admin.id,
      revokedAt: null,
    });
    const dup = await t.call(
      'mailbox.share.create',
      { mailboxId, userId: acme.users.qa.id, access: 'readSend' },
      admin.token,
    );
    expect(dup.status).toBe(409);
    expect(dup.body.error.code).toBe('already_exists');
    const revoked = await t.call('mailbox.share.revoke', { id: share.id }, admin.token);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data.revokedAt).not.toBeNull();
    expect((await t.call('mailbox.share.revoke', { id: share.id }, admin.token)).body.data.revokedAt).toBe(
      revoked.body.data.revokedAt,
    );
    const trail = await audits(acme.id, share.id);
    expect(trail.map((a) => a.operation)).toEqual(
      expect.arrayContaining(['mailbox.share.create', 'mailbox.share.revoke']),
    );
    expect(trail.find((a) => a.operation === 'mailbox.share.revoke' && a.after)?.after.revokedAt).toBe(
      revoked.body.data.revokedAt,
    );
    // After a revoke the same user can be given a new share.
    expect(
      (await t.call('mailbox.share.create', { mailboxId, userId: acme.users.qa.id, access: 'readSend' }, admin.token))
        .status,
    ).toBe(200);
  });

  it('answers 400 naming the field, nothing written', async () => {
    const before = await asWorker(acme.id, (trx) => trx('mailboxShares').where({ tenantId: acme.id }));
    const bad = await t.call(
      'mailbox.share.create',
      { mailboxId, userId: acme.users.analyst.id, access: 'write' },
      acme.users.admin.token,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('access');
    const badRevoke = await t.call('mailbox.share.revoke', { id: 42 }, acme.users.admin.token);
    expect(badRevoke.status).toBe(400);
    expect(badRevoke.body.error.details.issues[0].path).toBe('id');
    expect(await asWorker(acme.id, (trx) => trx('mailboxShares').where({ tenantId: acme.id }))).toEqual(before);
  });

  it('answers 422 for a client user, the owner, or an unknown user', async () => {
    for (const userId of [acme.users.clientViewer.id, acme.users.admin.id, uuidv7()]) {
      const res = await t.call('mailbox.share.create', { mailboxId, userId }, acme.users.admin.token);
      expect(res.status).toBe(422);
      expect(res.body.error.details.issues[0].path).toBe('userId');
    }
  });

  it("answers 404 for another tenant's mailbox or share, 403 without permission or for a non-owner", async () => {
    const globexShare = await t.call(
      'mailbox.share.create',
      { mailboxId: globexMailbox, userId: globex.users.salesManager.id },
      globex.users.salesRep.token,
    );
    expect(globexShare.status).toBe(200);
    expect(
      (
        await t.call(
          'mailbox.share.create',
          { mailboxId: globexMailbox, userId: acme.users.qa.id },
          acme.users.admin.token,
        )
      ).status,
    ).toBe(404);
    expect(
      (await t.call('mailbox.share.revoke', { id: globexShare.body.data.id }, acme.users.admin.token)).status,
    ).toBe(404);
    expect(
      (await t.call('mailbox.share.create', { mailboxId, userId: acme.users.qa.id }, acme.users.analyst.token)).status,
    ).toBe(403);
    expect(
      (await t.call('mailbox.share.revoke', { id: globexShare.body.data.id }, globex.users.analyst.token)).status,
    ).toBe(403);
    // The user a mailbox is shared with sees the share but may not revoke it or re-share the mailbox.
    const byGrantee = await t.call(
      'mailbox.share.revoke',
      { id: globexShare.body.data.id },
      globex.users.salesManager.token,
    );
    expect(byGrantee.status).toBe(403);
    expect(byGrantee.body.error.code).toBe('not_owner');
    const reshare = await t.call(
      'mailbox.share.create',
      { mailboxId: globexMailbox, userId: globex.users.marketer.id },
      globex.users.salesManager.token,
    );
    expect(reshare.status).toBe(403);
    expect(reshare.body.error.code).toBe('not_owner');
  });
});
