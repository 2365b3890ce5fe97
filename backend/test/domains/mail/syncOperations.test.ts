import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '#db/tenantTx';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { dueMailboxes } from '#workers/mailSync';
import { createTestApp, type TestApp, type TestTenant } from '../../helpers/app';
import { connectMailbox, type MailHarness, startMailHarness, syncDeps } from './mailHarness';

describe('mail.sync.start, mail.sync.resume, mailbox.status.get', () => {
  let t: TestApp;
  let mail: MailHarness;
  let tenant: TestTenant;
  let other: TestTenant;
  let mailboxId: string;
  const scope = () => ({ tenantId: tenant.id, userId: null, clientIds: null, mailboxScope: 'all' as const });

  beforeAll(async () => {
    [t, mail] = await Promise.all([createTestApp(), startMailHarness()]);
    [tenant, other] = await Promise.all([t.tenant(), t.tenant()]);
    mail.emulator.control.seedMailbox({
      address: tenant.users.salesRep.email,
      messages: 120,
      days: 100,
      folders: ['Clients'],
      seed: 11,
    });
    mailboxId = await connectMailbox(
      t.db.ownerKnex,
      tenant.id,
      tenant.users.salesRep.id,
      tenant.users.salesRep.email,
      null,
    );
  });
  afterAll(async () => {
    await mail.close();
    await t.close();
  });

  it('is idle (never "synced") before anything was imported, then starts, syncs and reports per-folder counts', async () => {
    const before = await t.call('mailbox.status.get', {}, tenant.users.salesRep.token);
    expect(before.status).toBe(200);
    expect(before.body.data).toMatchObject({
      mailboxId,
      status: 'connected',
      syncState: 'idle',
      itemsIndexed: 0,
      folders: [],
    });
    const started = await t.call('mail.sync.start', { backfillDays: 90 }, tenant.users.salesRep.token);
    expect(started.status).toBe(200);
    expect(started.body.data.syncState).toBe('running');
    expect(await dueMailboxes(t.db.ownerKnex)).toContainEqual({ tenantId: tenant.id, mailboxId });
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const after = await t.call('mailbox.status.get', { mailboxId }, tenant.users.salesRep.token);
    expect(after.body.data.syncState).toBe('synced');
    expect(after.body.data.itemsIndexed).toBeGreaterThan(0);
    const inbox = after.body.data.folders.find((f: { folder: string }) => f.folder === 'inbox');
    expect(inbox).toMatchObject({
      health: 'synced',
      phase: 'delta',
      backfillComplete: true,
      progress: 1,
      deltaHealthy: true,
      stalledSince: null,
    });
    expect(inbox.counts.fetched).toBeGreaterThanOrEqual(inbox.itemsIndexed);
    expect(inbox.counts.skipped + inbox.counts.linked).toBe(inbox.counts.fetched);
    expect(inbox.counts.skippedReasons.unknown_contact).toBeGreaterThan(0);
    const events = await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('events').where({ tenantId: tenant.id, name: 'mail.synced' }).select('payload'),
    );
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(events.some((e: { payload: { added: number } }) => e.payload.added > 0)).toBe(true);
  });

  it('shows a folder that stopped making progress as stalled, and resume clears it', async () => {
    const longAgo = new Date(Date.now() - 3 * 3_600_000);
    await withTenant(t.db.ownerKnex, scope(), (trx) =>
      trx('mailFolderSync')
        .where({ tenantId: tenant.id, mailboxId, folder: 'archive' })
        .update({ lastPageAt: longAgo, lastDeltaAt: longAgo, requestedAt: longAgo }),
    );
    const stalled = await t.call('mailbox.status.get', {}, tenant.users.salesRep.token);
    expect(stalled.body.data.syncState).toBe('stalled');
    const archive = stalled.body.data.folders.find((f: { folder: string }) => f.folder === 'archive');
    expect(archive).toMatchObject({ health: 'stalled', deltaHealthy: false, stalledSince: longAgo.toISOString() });
    const resumed = await t.call('mail.sync.resume', {}, tenant.users.salesRep.token);
    expect(resumed.status).toBe(200);
    await syncMailbox(syncDeps(t.db.ownerKnex, mail), tenant.id, mailboxId);
    const healthy = await t.call('mailbox.status.get', {}, tenant.users.salesRep.token);
    expect(healthy.body.data.syncState).toBe('synced');
  });

  it('rejects bad input with the field path and writes nothing', async () => {
    const res = await t.call('mail.sync.start', { backfillDays: 0 }, tenant.users.salesRep.token);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(JSON.stringify(res.body.error.details)).toContain('backfillDays');
    const bad = await t.call('mail.sync.start', { folders: ['spam'] }, tenant.users.salesRep.token);
    expect(bad.status).toBe(400);
  });

  it("answers 404 for another tenant's or another user's mailbox, 409 without a mailbox, 403 without the permission", async () => {
    expect((await t.call('mailbox.status.get', { mailboxId }, other.users.salesRep.token)).status).toBe(404);
    expect((await t.call('mail.sync.start', { mailboxId }, other.users.admin.token)).status).toBe(404);
    // Mailbox privacy: a manager of the same tenant cannot see (or run) the rep's mailbox.
    expect((await t.call('mail.sync.resume', { mailboxId }, tenant.users.salesManager.token)).status).toBe(404);
    const none = await t.call('mail.sync.start', {}, tenant.users.salesManager.token);
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('mailbox_not_connected');
    expect((await t.call('mailbox.status.get', {}, tenant.users.analyst.token)).status).toBe(403);
    expect((await t.call('mail.sync.start', {}, tenant.users.clientViewer.token)).status).toBe(403);
  });

  it('refuses resume before a start (409 invalid_state)', async () => {
    const managerBox = await connectMailbox(
      t.db.ownerKnex,
      tenant.id,
      tenant.users.salesManager.id,
      tenant.users.salesManager.email,
      null,
    );
    const res = await t.call('mail.sync.resume', { mailboxId: managerBox }, tenant.users.salesManager.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('invalid_state');
  });
});
