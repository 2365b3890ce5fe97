import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { systemScope, withTenant } from '#db/tenantTx';
import { type GraphMailAdapter, isNotFound } from '#integrations/graph/adapter/index';
import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import { loadFolders } from '../sync/folderState';
import { loadSyncMailbox } from '../sync/syncMailbox';
import { GRAPH_LIFECYCLE_PATH, GRAPH_NOTIFICATIONS_PATH, newClientState } from './clientState';
import { tableColumns } from '#db/tableColumns';

/** Graph's longest lifetime for a mail subscription is 4,230 minutes; we ask for a little less. */
export const SUBSCRIPTION_MINUTES = 4_200;
/** Subscriptions expiring sooner than this are renewed by the cron (it runs every 30 minutes). */
export const RENEW_WITHIN_MS = 12 * 3_600_000;
/** How long a validation handshake may take once a creation started. */
const PENDING_MS = 30_000;

/** What subscription maintenance needs: an owner (worker) knex, the adapter, where Graph posts, a clock. */
export type SubscriptionDeps = { knex: Knex; adapter: GraphMailAdapter; notificationBaseUrl: string; now?: () => Date };

/** A `mail_subscriptions` row. */
export type SubscriptionRow = {
  tenantId: string;
  id: string;
  mailboxId: string;
  userId: string;
  subscriptionId: string;
  resource: string;
  externalFolderId: string | null;
  clientStateHash: string;
  expiresAt: Date;
  status: 'active' | 'reauthorize' | 'removed';
  lastNotifiedAt: Date | null;
  renewedAt: Date | null;
  rejectedCount: number;
};
/** The columns of `SubscriptionRow` (`mail_subscriptions`). */
export const subscriptionColumns = tableColumns<SubscriptionRow>()(
  'mail_subscriptions',
  [
    'tenantId',
    'id',
    'mailboxId',
    'userId',
    'subscriptionId',
    'resource',
    'externalFolderId',
    'clientStateHash',
    'expiresAt',
    'status',
    'lastNotifiedAt',
    'renewedAt',
    'rejectedCount',
  ],
  false,
);

/** What one maintenance pass did. */
export type MaintainResult = { created: number; renewed: number; recreated: number; deleted: number; failed: string[] };

const url = (base: string, path: string) => new URL(path, base).toString();

/** The mailbox's subscription rows. */
export function subscriptionRows(
  knex: Knex | Knex.Transaction,
  tenantId: string,
  mailboxId: string,
): Promise<SubscriptionRow[]> {
  return knex('mailSubscriptions').where({ tenantId, mailboxId }).orderBy('createdAt') as Promise<SubscriptionRow[]>;
}

/**
 * Brings a mailbox's subscriptions in line with its synced folders: one subscription per enabled folder (created
 * with the validation handshake and a fresh clientState), renewed when it expires within 12 hours or Graph asked
 * for reauthorization, recreated when Graph removed it (or no longer knows it), deleted for folders no longer
 * synced. One failure does not stop the others; failures are listed.
 */
export async function maintainMailboxSubscriptions(
  deps: SubscriptionDeps,
  tenantId: string,
  mailboxId: string,
): Promise<MaintainResult> {
  const now = deps.now ?? (() => new Date());
  const result: MaintainResult = { created: 0, renewed: 0, recreated: 0, deleted: 0, failed: [] };
  const loaded = await loadSyncMailbox(deps.knex, tenantId, mailboxId);
  if (!loaded || loaded.status !== 'connected' || !loaded.settings) return result;
  const { mailbox } = loaded;
  const { folders, rows } = await withTenant(deps.knex, systemScope(tenantId, 'all'), async (trx) => ({
    folders: (await loadFolders(trx, mailbox)).filter((f) => f.enabled),
    rows: await subscriptionRows(trx, tenantId, mailboxId),
  }));
  const wanted = new Set(folders.map((f) => f.externalFolderId));
  const covered = new Set<string>();
  for (const row of rows) {
    try {
      if (!row.externalFolderId || !wanted.has(row.externalFolderId) || row.status === 'removed') {
        await deleteAtGraph(deps.adapter, mailbox, row.subscriptionId);
        await deleteRow(deps.knex, row);
        if (row.status === 'removed' && row.externalFolderId && wanted.has(row.externalFolderId)) result.recreated += 1;
        else result.deleted += 1;
        continue;
      }
      if (row.status === 'reauthorize' || row.expiresAt.getTime() - now().getTime() < RENEW_WITHIN_MS) {
        const renewed = await renew(deps, mailbox, row, now());
        if (renewed) result.renewed += 1;
        else result.recreated += 1;
        if (!renewed) continue;
      }
      covered.add(row.externalFolderId);
    } catch (error) {
      covered.add(row.externalFolderId ?? '');
      result.failed.push(`${row.subscriptionId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  for (const folder of folders) {
    if (covered.has(folder.externalFolderId)) continue;
    try {
      await createSubscription(deps, mailbox, folder.externalFolderId, now());
      result.created += 1;
    } catch (error) {
      result.failed.push(`${folder.externalFolderId}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return result;
}

/** Renews (which also reauthorizes) a subscription; false when Graph no longer knows it (the row is dropped). */
async function renew(deps: SubscriptionDeps, mailbox: MailboxRef, row: SubscriptionRow, now: Date): Promise<boolean> {
  try {
    const sub = await deps.adapter.renewSubscription(
      mailbox,
      row.subscriptionId,
      new Date(now.getTime() + SUBSCRIPTION_MINUTES * 60_000),
    );
    await withTenant(deps.knex, systemScope(row.tenantId, 'all'), (trx) =>
      trx('mailSubscriptions')
        .where({ tenantId: row.tenantId, id: row.id })
        .update({ expiresAt: new Date(sub.expirationDateTime), status: 'active', renewedAt: now, updatedAt: now }),
    );
    return true;
  } catch (error) {
    if (!isNotFound(error)) throw error;
    await deleteRow(deps.knex, row);
    return false;
  }
}

/** Creates the folder's subscription: a pending row opens the validation handshake for its duration. */
async function createSubscription(
  deps: SubscriptionDeps,
  mailbox: MailboxRef & { userId: string },
  folderId: string,
  now: Date,
): Promise<void> {
  const { secret, hash } = newClientState();
  const pendingId = uuidv7();
  const scope = systemScope(mailbox.tenantId, 'all');
  await withTenant(deps.knex, scope, (trx) =>
    trx('mailSubscriptionPending').insert({
      tenantId: mailbox.tenantId,
      id: pendingId,
      mailboxId: mailbox.mailboxId,
      userId: mailbox.userId,
      expiresAt: new Date(Date.now() + PENDING_MS),
    }),
  );
  const resource = `users/${mailbox.address}/mailFolders('${folderId}')/messages`;
  try {
    const sub = await deps.adapter.createSubscription(mailbox, {
      resource,
      changeType: 'created,updated,deleted',
      notificationUrl: url(deps.notificationBaseUrl, GRAPH_NOTIFICATIONS_PATH),
      lifecycleNotificationUrl: url(deps.notificationBaseUrl, GRAPH_LIFECYCLE_PATH),
      clientState: secret,
      expirationDateTime: new Date(now.getTime() + SUBSCRIPTION_MINUTES * 60_000),
    });
    await withTenant(deps.knex, scope, (trx) =>
      trx('mailSubscriptions').insert({
        tenantId: mailbox.tenantId,
        id: uuidv7(),
        mailboxId: mailbox.mailboxId,
        userId: mailbox.userId,
        subscriptionId: sub.id,
        resource,
        externalFolderId: folderId,
        clientStateHash: hash,
        expiresAt: new Date(sub.expirationDateTime),
        status: 'active',
      }),
    );
  } finally {
    await withTenant(deps.knex, scope, (trx) =>
      trx('mailSubscriptionPending').where({ tenantId: mailbox.tenantId, id: pendingId }).delete(),
    );
  }
}

async function deleteRow(knex: Knex, row: SubscriptionRow): Promise<void> {
  await withTenant(knex, systemScope(row.tenantId, 'all'), (trx) =>
    trx('mailSubscriptions').where({ tenantId: row.tenantId, id: row.id }).delete(),
  );
}

/** Deletes a subscription at Graph; one Graph no longer knows is already gone. */
export async function deleteAtGraph(
  adapter: GraphMailAdapter,
  mailbox: MailboxRef,
  subscriptionId: string,
): Promise<void> {
  try {
    await adapter.deleteSubscription(mailbox, subscriptionId);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
}

/** Mailboxes with a subscription due for renewal, reauthorization or recreation, or a synced folder without one. */
export async function mailboxesNeedingMaintenance(
  knex: Knex,
  now: Date,
): Promise<{ tenantId: string; mailboxId: string }[]> {
  const tenants = (await knex('tenants').select('id')) as { id: string }[];
  const out: { tenantId: string; mailboxId: string }[] = [];
  for (const { id: tenantId } of tenants) {
    const rows = await withTenant(knex, systemScope(tenantId, 'all'), (trx) =>
      trx.raw(
        `SELECT m.id FROM mailbox_accounts m
          WHERE m.tenant_id = ? AND m.status = 'connected' AND m.meta -> 'sync' IS NOT NULL AND (
            EXISTS (SELECT 1 FROM mail_subscriptions s WHERE s.tenant_id = m.tenant_id AND s.mailbox_id = m.id
              AND (s.status <> 'active' OR s.expires_at < ?))
            OR EXISTS (SELECT 1 FROM mail_folder_sync f WHERE f.tenant_id = m.tenant_id AND f.mailbox_id = m.id AND f.enabled
              AND NOT EXISTS (SELECT 1 FROM mail_subscriptions s WHERE s.tenant_id = f.tenant_id AND s.mailbox_id = f.mailbox_id
                AND s.external_folder_id = f.external_folder_id)))`,
        [tenantId, new Date(now.getTime() + RENEW_WITHIN_MS)],
      ),
    );
    for (const row of (rows as { rows: { id: string }[] }).rows) out.push({ tenantId, mailboxId: row.id });
  }
  return out;
}
