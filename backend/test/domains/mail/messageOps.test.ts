import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { CACHED_BODY_TABLES } from '#domains/mail/connect/purge';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

const SECRET = 'The launch date is the 14th';

describe('mail.message.get, mail.message.move, mail.message.flag, mail.message.readState', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let other: TestTenant;
  let mailboxId: string;
  let messageId: string;
  let externalId: string;
  const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
  const rep = () => tenant.users.salesRep;
  const address = () => rep().email;
  const emulated = () => mail.emulator.control.messages(address()).find((m) => m.id === externalId)!;
  const graphGets = () =>
    mail.emulator.control
      .requests()
      .filter(
        (r) => r.method === 'GET' && r.path.includes(`/messages/${externalId}`) && !r.path.includes('/attachments'),
      ).length;
  const indexRow = () =>
    withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, id: messageId }).first(),
    );
  const cacheRow = () =>
    withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailBodyCache').where({ tenantId: tenant.id, messageId }).first(),
    );

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp({ env: { MAIL_BODY_CACHE_TTL: '600' } }), startMailHarness()]);
    setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: null });
    [tenant, other] = await Promise.all([t.tenant(), t.tenant()]);
    mail.emulator.control.seedMailbox({ address: address(), messages: 5, days: 10, folders: ['Clients'], seed: 3 });
    const delivered = mail.emulator.control.deliver(address(), {
      subject: 'Launch plan',
      body: { contentType: 'html', content: `<p>${SECRET}</p>` },
      from: { emailAddress: { name: 'Ana', address: 'ana@customer.example' } },
      toRecipients: [{ emailAddress: { name: 'Rep', address: address() } }],
      attachments: [
        { name: 'plan.pdf', contentType: 'application/pdf', contentBytes: Buffer.from('%PDF-1.7').toString('base64') },
      ],
    });
    externalId = delivered.id;
    mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, rep().id, address(), { backfillDays: 30 });
    // What the OAuth callback records (mailbox.disconnect answers the mailbox with its address).
    await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailboxAccounts').where({ tenantId: tenant.id, id: mailboxId }).update({ address: address() }),
    );
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    messageId = (
      (await withTenant(t.db.ownerKnex, scope(), (trx) =>
        trx('messageIndex').where({ tenantId: tenant.id, externalId }).first('id'),
      )) as { id: string }
    ).id;
  }, 60_000);
  afterAll(async () => {
    setMailRuntime(null);
    await mail?.close();
    await t?.close();
  });

  it('mail.message.get fetches the body from Graph on first view, serves it sealed from the cache, and fetches again after the TTL', async () => {
    const before = graphGets();
    const first = await t.call('mail.message.get', { id: messageId }, rep().token);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      id: messageId,
      subject: 'Launch plan',
      body: { contentType: 'html', content: `<p>${SECRET}</p>` },
      hasAttachments: true,
      bcc: [],
    });
    expect(first.body.data.attachments).toEqual([
      expect.objectContaining({ name: 'plan.pdf', contentType: 'application/pdf', size: 8 }),
    ]);
    const ttl = Date.parse(first.body.data.cachedUntil) - Date.now();
    expect(ttl).toBeGreaterThan(590_000);
    expect(ttl).toBeLessThanOrEqual(600_000);
    expect(graphGets()).toBe(before + 1);
    const cached = await cacheRow();
    expect(Buffer.from(cached.bodySealed).toString('utf8')).not.toContain(SECRET);

    const second = await t.call('mail.message.get', { id: messageId }, rep().token);
    expect(second.body.data.body.content).toContain(SECRET);
    expect(second.body.data.cachedUntil).toBe(first.body.data.cachedUntil);
    expect(graphGets()).toBe(before + 1);

    // Expired: the next view goes back to Graph (which now has a changed body) and renews the cache.
    await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailBodyCache')
        .where({ tenantId: tenant.id, messageId })
        .update({ expiresAt: new Date(Date.now() - 1_000) }),
    );
    const stored = mail.emulator.control.messages(address()).find((m) => m.id === externalId)!;
    expect(stored).toBeDefined();
    const third = await t.call('mail.message.get', { id: messageId }, rep().token);
    expect(third.status).toBe(200);
    expect(graphGets()).toBe(before + 2);
    expect(Date.parse(third.body.data.cachedUntil)).toBeGreaterThan(Date.now() + 590_000);
    expect((await cacheRow()).fetchedAt.getTime()).toBeGreaterThan(cached.fetchedAt.getTime());
  });

  it('mail.message.readState and mail.message.flag write through to Graph and the index', async () => {
    const read = await t.call('mail.message.readState', { id: messageId, isRead: true }, rep().token);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ id: messageId, isRead: true });
    expect(emulated().isRead).toBe(true);
    const unread = await t.call('mail.message.readState', { id: messageId, isRead: false }, rep().token);
    expect(unread.body.data.isRead).toBe(false);
    expect(emulated().isRead).toBe(false);
    const flagged = await t.call('mail.message.flag', { id: messageId, flagged: true }, rep().token);
    expect(flagged.status).toBe(200);
    expect(flagged.body.data.isFlagged).toBe(true);
    expect(emulated().flag.flagStatus).toBe('flagged');
    expect(await indexRow()).toMatchObject({ isFlagged: true, isRead: false });
    const audit = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('auditLog').where({ tenantId: tenant.id, targetId: messageId }).select('operation'),
    );
    expect(audit.map((a: { operation: string }) => a.operation)).toEqual(
      expect.arrayContaining(['mail.message.readState', 'mail.message.flag']),
    );
  });

  it('mail.message.move writes through to Graph (archive, a custom folder, back to inbox) keeping the immutable id', async () => {
    const archived = await t.call('mail.message.move', { id: messageId, folder: 'archive' }, rep().token);
    expect(archived.status).toBe(200);
    expect(archived.body.data).toMatchObject({ folder: 'archive', externalId });
    expect(emulated().folderId).toBe(mail.emulator.control.folderId(address(), 'archive'));
    const custom = mail.emulator.control.folderId(address(), 'Clients');
    const moved = await t.call(
      'mail.message.move',
      { id: messageId, folder: 'custom', customFolderId: custom },
      rep().token,
    );
    expect(moved.body.data.folder).toBe('custom');
    expect(emulated().folderId).toBe(custom);
    expect(await indexRow()).toMatchObject({ folder: 'custom', folderId: custom, customFolderId: custom });
    const back = await t.call('mail.message.move', { id: messageId, folder: 'inbox' }, rep().token);
    expect(back.body.data.folder).toBe('inbox');
    expect(emulated().folderId).toBe(mail.emulator.control.folderId(address(), 'inbox'));
    // A later sync agrees with what was written through (no duplicate, same folder).
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const rows = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('messageIndex').where({ tenantId: tenant.id, externalId }).select('id', 'folder'),
    );
    expect(rows).toEqual([{ id: messageId, folder: 'inbox' }]);
  }, 60_000);

  it('rejects bad input with the field path and changes nothing', async () => {
    const before = await indexRow();
    const cases: [string, unknown, string][] = [
      ['mail.message.move', { id: messageId, folder: 'custom' }, 'customFolderId'],
      ['mail.message.move', { id: messageId, folder: 'spam' }, 'folder'],
      ['mail.message.flag', { id: messageId }, 'flagged'],
      ['mail.message.readState', { id: messageId, isRead: 'yes' }, 'isRead'],
      ['mail.message.get', { id: 'not-a-uuid' }, 'id'],
    ];
    for (const [op, body, path] of cases) {
      const res = await t.call(op, body, rep().token);
      expect(res.status, op).toBe(400);
      expect(res.body.error.details.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await indexRow()).toMatchObject({
      folder: before.folder,
      isRead: before.isRead,
      isFlagged: before.isFlagged,
      updatedAt: before.updatedAt,
    });
  });

  it('keeps mail private: other tenants and unshared colleagues get 404, client roles and roles without mail 403, shares read but never write', async () => {
    const ops: [string, Record<string, unknown>][] = [
      ['mail.message.get', { id: messageId }],
      ['mail.message.move', { id: messageId, folder: 'archive' }],
      ['mail.message.flag', { id: messageId, flagged: false }],
      ['mail.message.readState', { id: messageId, isRead: true }],
    ];
    const before = await indexRow();
    for (const [op, body] of ops) {
      expect((await t.call(op, body, other.users.admin.token)).status, `${op} other tenant`).toBe(404);
      expect((await t.call(op, body, tenant.users.salesManager.token)).status, `${op} colleague`).toBe(404);
      expect((await t.call(op, body, tenant.users.admin.token)).status, `${op} admin`).toBe(404);
      for (const role of ['clientViewer', 'clientApprover', 'marketer', 'analyst', 'qa'] as const) {
        expect((await t.call(op, body, tenant.users[role].token)).status, `${op} ${role}`).toBe(403);
      }
    }
    const share = await t.call(
      'mailbox.share.create',
      { mailboxId, userId: tenant.users.salesManager.id, access: 'readSend' },
      rep().token,
    );
    expect(share.status).toBe(200);
    const seen = await t.call('mail.message.get', { id: messageId }, tenant.users.salesManager.token);
    expect(seen.status).toBe(200);
    expect(seen.body.data.body.content).toContain(SECRET);
    for (const [op, body] of ops.slice(1)) {
      const res = await t.call(op, body, tenant.users.salesManager.token);
      expect(res.status, op).toBe(403);
      expect(res.body.error.code).toBe('not_owner');
    }
    expect((await t.call('mailbox.share.revoke', { id: share.body.data.id }, rep().token)).status).toBe(200);
    expect((await t.call('mail.message.get', { id: messageId }, tenant.users.salesManager.token)).status).toBe(404);
    const after = await indexRow();
    expect(after).toMatchObject({ folder: before.folder, isRead: before.isRead, isFlagged: before.isFlagged });
    expect(emulated().isRead).toBe(before.isRead);
  });

  it('disconnecting the mailbox purges its cached bodies; a view then answers 409', async () => {
    expect(CACHED_BODY_TABLES).toContain('mail_body_cache');
    expect(await cacheRow()).toBeDefined();
    const res = await t.call('mailbox.disconnect', { mailboxId }, rep().token);
    expect(res.status).toBe(200);
    expect(await cacheRow()).toBeUndefined();
    const view = await t.call('mail.message.get', { id: messageId }, rep().token);
    expect(view.status).toBe(409);
    expect(view.body.error.code).toBe('mailbox_not_connected');
  });
});
