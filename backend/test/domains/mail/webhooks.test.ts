import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { uuidv7 } from '#db/ids';
import { setMailRuntime } from '#domains/mail/sync/runtime';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { hashClientState } from '#domains/mail/webhooks/clientState';
import {
  mailboxesNeedingMaintenance,
  maintainMailboxSubscriptions,
  subscriptionRows,
} from '#domains/mail/webhooks/subscriptionManager';
import { createLogger } from '#observability/logger';
import { crontab, startWorkers } from '#workers/index';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { connectMailbox, indexed, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

let t: TestApp;
let mail: MailHarness;
let tenant: TestTenant;
let mailboxId: string;
let address: string;
let workers: Awaited<ReturnType<typeof startWorkers>>;
const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });
const asWorker = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(t.db.ownerKnex, scope(), fn);
const deps = () => ({ knex: t.db.ownerKnex, adapter: mail.adapter, notificationBaseUrl: t.baseUrl });
const rows = () => asWorker((trx) => subscriptionRows(trx, tenant.id, mailboxId));
const folders = () => asWorker((trx) => trx('mailFolderSync').where({ tenantId: tenant.id, mailboxId }));
const post = (path: string, body: unknown, query = '') =>
  fetch(`${t.baseUrl}${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': body === null ? 'text/plain' : 'application/json' },
    ...(body === null ? {} : { body: JSON.stringify(body) }),
  });
async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  [t, mail] = await Promise.all([createTestApp({ env: { LOG_LEVEL: 'error' } }), startMailHarness()]);
  tenant = await t.tenant();
  address = tenant.users.salesRep.email;
  mail.emulator.control.seedMailbox({ address, messages: 60, days: 60, folders: ['Clients'], seed: 5 });
  mailboxId = await connectMailbox(t.db.ownerKnex, tenant.id, tenant.users.salesRep.id, address);
  await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
  setMailRuntime({ adapter: mail.adapter, notificationBaseUrl: t.baseUrl });
  workers = await startWorkers(t.db.ownerUrl, createLogger('silent'), 2);
});
afterAll(async () => {
  setMailRuntime(null);
  await workers?.stop();
  await workers?.pool.end();
  await mail?.close();
  await t?.close();
});

describe('O365 webhook processor', () => {
  it('creates one validated subscription per synced folder, with a secret clientState stored only as a hash', async () => {
    const done = await maintainMailboxSubscriptions(deps(), tenant.id, mailboxId);
    const synced = await folders();
    expect(done).toMatchObject({ created: synced.length, failed: [] });
    const subs = await rows();
    expect(subs.map((s) => s.externalFolderId).sort()).toEqual(synced.map((f) => f.externalFolderId).sort());
    const atGraph = mail.emulator.control.subscriptions();
    expect(atGraph.map((s) => s.id).sort()).toEqual(subs.map((s) => s.subscriptionId).sort());
    for (const s of atGraph) {
      expect(s.notificationUrl).toBe(`${t.baseUrl}/webhooks/graph/notifications`);
      expect(s.lifecycleNotificationUrl).toBe(`${t.baseUrl}/webhooks/graph/lifecycle`);
      expect(hashClientState(s.clientState!)).toBe(subs.find((r) => r.subscriptionId === s.id)!.clientStateHash);
      expect(JSON.stringify(subs)).not.toContain(s.clientState!);
      expect(Date.parse(s.expirationDateTime) - Date.now()).toBeGreaterThan(4_100 * 60_000);
    }
    expect(
      mail.emulator.control
        .notifications()
        .filter((n) => n.kind === 'validation')
        .every((n) => n.status === 200),
    ).toBe(true);
    // A second pass has nothing to do.
    expect(await maintainMailboxSubscriptions(deps(), tenant.id, mailboxId)).toMatchObject({
      created: 0,
      renewed: 0,
      recreated: 0,
      deleted: 0,
    });
    expect(await asWorker((trx) => trx('mailSubscriptionPending'))).toEqual([]);
  });

  it('refuses a forged validation handshake (no creation pending) and creates or confirms nothing', async () => {
    const before = await rows();
    for (const path of ['/webhooks/graph/notifications', '/webhooks/graph/lifecycle']) {
      const res = await post(path, null, '?validationToken=forged-token-123');
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain('forged-token-123');
    }
    expect(await rows()).toEqual(before);
  });

  it('rejects a whole batch when one clientState is wrong: 403, nothing queued or synced, rejection counted', async () => {
    const [inbox] = (await rows()).filter(
      (r) => r.externalFolderId === mail.emulator.control.folderId(address, 'inbox'),
    );
    // A second subscription row on the inbox whose secret we know, so the batch holds one valid item.
    const knownId = `known-${uuidv7()}`;
    await asWorker((trx) =>
      trx('mailSubscriptions').insert({
        tenantId: tenant.id,
        id: uuidv7(),
        mailboxId,
        userId: tenant.users.salesRep.id,
        subscriptionId: knownId,
        resource: 'x',
        externalFolderId: inbox!.externalFolderId,
        clientStateHash: hashClientState('known-secret'),
        expiresAt: new Date(Date.now() + 3_600_000),
      }),
    );
    const item = (subscriptionId: string, clientState: string) => ({
      subscriptionId,
      clientState,
      changeType: 'created',
      resource: 'Users/x/Messages/y',
      resourceData: { id: 'y' },
    });
    const res = await post('/webhooks/graph/notifications', {
      value: [item(knownId, 'known-secret'), item(inbox!.subscriptionId, 'wrong-secret')],
    });
    expect(res.status).toBe(403);
    expect((await folders()).every((f) => f.requestedAt === null)).toBe(true);
    const jobs = await t.db.ownerKnex.raw(`select count(*)::int as n from graphile_worker.jobs where key = ?`, [
      `mail-sync:${mailboxId}`,
    ]);
    expect(jobs.rows[0].n).toBe(0);
    expect((await rows()).find((r) => r.subscriptionId === inbox!.subscriptionId)!.rejectedCount).toBe(1);
    await asWorker((trx) => trx('mailSubscriptions').where({ tenantId: tenant.id, subscriptionId: knownId }).delete());
    expect((await post('/webhooks/graph/notifications', { nope: true })).status).toBe(400);
  });

  it('turns a change notification into a queued folder sync that indexes the new message (acknowledged 202 at once)', async () => {
    const message = mail.emulator.control.deliver(address, {
      subject: 'Pushed through a webhook',
      body: { contentType: 'text', content: 'hi' },
      from: { emailAddress: { name: 'Pat', address: 'pat@example.com' } },
    });
    await until('the pushed message in the index', async () =>
      (await indexed(t.db.ownerKnex, tenant.id, mailboxId)).some((r) => r.externalId === message.id),
    );
    const change = await until('the notification answers', async () => {
      const posts = mail.emulator.control.notifications().filter((n) => n.kind === 'change');
      return posts.length > 0 && posts.every((n) => n.status !== 0) ? posts : null;
    });
    expect(change.map((n) => n.status)).toEqual(change.map(() => 202));
    expect((await rows()).some((r) => r.lastNotifiedAt !== null)).toBe(true);
  });

  it('acts on lifecycle events: reauthorizationRequired renews, subscriptionRemoved recreates, missed runs a delta round of every folder', async () => {
    const inboxFolder = mail.emulator.control.folderId(address, 'inbox');
    const sentFolder = mail.emulator.control.folderId(address, 'sentitems');
    const inbox = (await rows()).find((r) => r.externalFolderId === inboxFolder)!;
    mail.emulator.control.sendLifecycle(inbox.subscriptionId, 'reauthorizationRequired');
    await until('the reauthorized subscription', async () => {
      const row = (await rows()).find((r) => r.subscriptionId === inbox.subscriptionId);
      return row?.renewedAt && row.status === 'active' ? row : null;
    });

    const sent = (await rows()).find((r) => r.externalFolderId === sentFolder)!;
    mail.emulator.control.sendLifecycle(sent.subscriptionId, 'subscriptionRemoved');
    const replaced = await until('a new subscription on Sent Items', async () =>
      (await rows()).find((r) => r.externalFolderId === sentFolder && r.subscriptionId !== sent.subscriptionId),
    );
    expect(mail.emulator.control.subscriptions().map((s) => s.id)).toContain(replaced.subscriptionId);
    expect(mail.emulator.control.subscriptions().map((s) => s.id)).not.toContain(sent.subscriptionId);

    const before = new Map((await folders()).map((f) => [f.externalFolderId, f.lastDeltaAt?.getTime() ?? 0]));
    mail.emulator.control.sendLifecycle(replaced.subscriptionId, 'missed');
    await until('a delta round of every folder', async () =>
      (await folders()).every((f) => (f.lastDeltaAt?.getTime() ?? 0) > before.get(f.externalFolderId)!),
    );
  });

  it('renews subscriptions expiring within 12 hours (the 30-minute cron picks the mailbox)', async () => {
    expect(crontab).toMatch(/^\*\/30 \* \* \* \* mail_subscriptions_renew /m);
    const inboxFolder = mail.emulator.control.folderId(address, 'inbox');
    const inbox = (await rows()).find((r) => r.externalFolderId === inboxFolder)!;
    expect(await mailboxesNeedingMaintenance(t.db.ownerKnex, new Date())).not.toContainEqual({
      tenantId: tenant.id,
      mailboxId,
    });
    await asWorker((trx) =>
      trx('mailSubscriptions')
        .where({ tenantId: tenant.id, id: inbox.id })
        .update({ expiresAt: new Date(Date.now() + 3_600_000) }),
    );
    expect(await mailboxesNeedingMaintenance(t.db.ownerKnex, new Date())).toContainEqual({
      tenantId: tenant.id,
      mailboxId,
    });
    const done = await maintainMailboxSubscriptions(deps(), tenant.id, mailboxId);
    expect(done).toMatchObject({ renewed: 1, created: 0, failed: [] });
    const renewed = (await rows()).find((r) => r.id === inbox.id)!;
    expect(renewed.expiresAt.getTime() - Date.now()).toBeGreaterThan(4_100 * 60_000);
    expect(
      Date.parse(mail.emulator.control.subscriptions().find((s) => s.id === inbox.subscriptionId)!.expirationDateTime),
    ).toBe(renewed.expiresAt.getTime());
  });

  it('mailbox.disconnect deletes the subscription rows, the Graph subscriptions and cached bodies', async () => {
    const subs = await rows();
    expect(subs.length).toBeGreaterThan(0);
    await asWorker(async (trx) => {
      await trx('messageIndex').where({ tenantId: tenant.id, mailboxId }).update({ bodyPointer: 'sealed:body' });
      // As the OAuth callback leaves it (the harness inserted the row without its address column).
      await trx('mailboxAccounts').where({ tenantId: tenant.id, id: mailboxId }).update({ address, provider: 'o365' });
    });
    const res = await t.call('mailbox.disconnect', { mailboxId }, tenant.users.salesRep.token);
    expect(res.status).toBe(200);
    expect(await rows()).toEqual([]);
    const left = mail.emulator.control.subscriptions().map((s) => s.id);
    for (const s of subs) expect(left).not.toContain(s.subscriptionId);
    expect(
      await asWorker((trx) =>
        trx('messageIndex').where({ tenantId: tenant.id, mailboxId }).whereNotNull('bodyPointer'),
      ),
    ).toEqual([]);
    expect(
      (await asWorker((trx) => trx('messageIndex').where({ tenantId: tenant.id, mailboxId }))).length,
    ).toBeGreaterThan(0);
  });
});
