import type { JobHelpers, Runner } from 'graphile-worker';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { systemScope, withTenant } from '#db/tenantTx';
import { createPgListener } from '#domains/events/stream/listener';
import { MAIL_SYNC_CHANNEL } from '#domains/mail/mailboxes';
import { createReplyDetector } from '#domains/mail/replies/detector';
import { type MailRuntime, mailRuntime } from '#domains/mail/sync/runtime';
import { maintainMailboxSubscriptions } from '#domains/mail/webhooks/subscriptionManager';
import { syncMailbox } from '#domains/mail/sync/syncMailbox';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { defineTask } from './task';

/** The task that syncs one mailbox; its queue runs one job per mailbox at a time. */
export const MAIL_SYNC_TASK = 'mail_sync_mailbox';

/** A folder with no delta round for this long gets one from the tick (webhooks usually come first). */
export const PERIODIC_DELTA = '5 minutes';

/** Job options that serialise a mailbox's syncs and merge repeated requests into one waiting job. */
export const mailSyncJobSpec = (mailboxId: string) => ({
  queueName: `mail-sync:${mailboxId}`,
  jobKey: `mail-sync:${mailboxId}`,
  jobKeyMode: 'preserve_run_at' as const,
  maxAttempts: MAIL_SYNC_ATTEMPTS,
});

const MAIL_SYNC_ATTEMPTS = 10;

type SyncPayload = { tenantId: string; mailboxId: string; folderIds?: string[] };

const isPayload = (value: unknown): value is SyncPayload =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as SyncPayload).tenantId === 'string' &&
  typeof (value as SyncPayload).mailboxId === 'string' &&
  ((value as SyncPayload).folderIds === undefined ||
    (Array.isArray((value as SyncPayload).folderIds) &&
      (value as SyncPayload).folderIds!.every((f) => typeof f === 'string')));

/** Syncs one mailbox: folder discovery, backfill, fill and delta, cursor saved after every page. */
export const mailSyncMailbox = defineTask({
  name: MAIL_SYNC_TASK,
  maxAttempts: MAIL_SYNC_ATTEMPTS,
  accepts: isPayload,
  async run(payload, deps, helpers) {
    const runtime = mailRuntime();
    if (!runtime) return helpers.logger.warn('mail sync: no Graph adapter configured in this process');
    const knex = deps.knex();
    try {
      // A webhook job syncs the notified folders (and any other folder already requested), not the whole mailbox.
      const only = Array.isArray(payload.folderIds)
        ? await withRequested(knex, payload.tenantId, payload.mailboxId, payload.folderIds)
        : undefined;
      const result = await syncMailbox(
        { knex, adapter: runtime.adapter, replies: createReplyDetector(runtime.adapter, knex) },
        payload.tenantId,
        payload.mailboxId,
        only ? { only } : {},
      );
      const pages = result.folders.reduce((n, f) => n + (f.result?.pages ?? 0), 0);
      helpers.logger.debug(`mail sync ${payload.mailboxId}: ${result.folders.length} folder(s), ${pages} page(s)`);
      // Sync has started: each synced folder gets its change-notification subscription (a no-op once they exist).
      if (runtime.notificationBaseUrl && !only) await ensureSubscriptions(knex, runtime, payload, helpers);
    } catch (error) {
      // Consent is gone: identity has marked the mailbox; retrying would only fail again.
      if (error instanceof MailboxAuthError)
        return helpers.logger.warn(`mail sync ${payload.mailboxId}: ${error.message}`);
      throw error;
    }
  },
});

async function withRequested(knex: Knex, tenantId: string, mailboxId: string, folderIds: string[]): Promise<string[]> {
  const rows = (await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
    trx('mailFolderSync')
      .where({ tenantId, mailboxId, enabled: true })
      .whereNotNull('requestedAt')
      .select('externalFolderId'),
  )) as { externalFolderId: string }[];
  return [...new Set([...folderIds, ...rows.map((r) => r.externalFolderId)])];
}

async function ensureSubscriptions(
  knex: Knex,
  runtime: MailRuntime,
  payload: SyncPayload,
  helpers: JobHelpers,
): Promise<void> {
  try {
    const done = await maintainMailboxSubscriptions(
      { knex, adapter: runtime.adapter, notificationBaseUrl: runtime.notificationBaseUrl! },
      payload.tenantId,
      payload.mailboxId,
    );
    if (done.failed.length > 0)
      helpers.logger.warn(`mail subscriptions ${payload.mailboxId}: ${done.failed.join('; ')}`);
  } catch (error) {
    // Subscriptions only make sync faster (the minute tick is the safety net): never fail the sync for them.
    helpers.logger.warn(
      `mail subscriptions ${payload.mailboxId}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** Mailboxes with folders that need a run: requested, backfilling, mid-round, or due a periodic delta. */
export async function dueMailboxes(knex: Knex): Promise<SyncPayload[]> {
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  const due: SyncPayload[] = [];
  for (const { id: tenantId } of tenants) {
    const rows = await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
      trx.raw(
        `SELECT m.id FROM mailbox_accounts m
          WHERE m.tenant_id = ? AND m.status = 'connected' AND m.meta -> 'sync' IS NOT NULL AND (
            NOT EXISTS (SELECT 1 FROM mail_folder_sync f WHERE f.tenant_id = m.tenant_id AND f.mailbox_id = m.id)
            OR EXISTS (SELECT 1 FROM mail_folder_sync f WHERE f.tenant_id = m.tenant_id AND f.mailbox_id = m.id AND f.enabled
              AND (f.throttled_until IS NULL OR f.throttled_until < now())
              AND (f.requested_at IS NOT NULL OR NOT f.backfill_complete OR f.page_link IS NOT NULL
                OR f.last_delta_at IS NULL OR f.last_delta_at < now() - interval '${PERIODIC_DELTA}')))`,
        [tenantId],
      ),
    );
    for (const row of (rows as { rows: { id: string }[] }).rows) due.push({ tenantId, mailboxId: row.id });
  }
  return due;
}

/** The minute tick: queues a sync for every mailbox that needs one (the safety net under webhooks and NOTIFY). */
export const mailSyncTick = defineTask({
  name: 'mail_sync_tick',
  schedule: { cron: '* * * * *', queue: 'mail-tick' },
  async run(_payload, deps, helpers) {
    for (const job of await dueMailboxes(deps.knex()))
      await helpers.addJob(MAIL_SYNC_TASK, job, mailSyncJobSpec(job.mailboxId));
  },
});

/** Turns `pg_notify('pivotal_mail_sync', {tenantId, mailboxId})` from the API into queued syncs at once. */
export function queueMailSyncOnNotify(ownerUrl: string, runner: Runner, log: Logger) {
  return createPgListener({
    connection: ownerUrl,
    channel: MAIL_SYNC_CHANNEL,
    log,
    onNotify: (raw) => {
      let payload: unknown;
      try {
        payload = JSON.parse(raw);
      } catch {
        return;
      }
      if (!isPayload(payload)) return;
      runner
        .addJob(MAIL_SYNC_TASK, payload, mailSyncJobSpec(payload.mailboxId))
        .catch((err: Error) => log.warn({ err: err.message }, 'could not queue a mail sync'));
    },
  });
}
