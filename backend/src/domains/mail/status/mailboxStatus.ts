import type { FolderSyncStatus, MailboxStatus } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { type FolderSyncRow, loadFolders } from '../sync/folderState';
import type { MailboxSyncSettings } from '../sync/syncMailbox';

/** A folder that should be progressing but made no progress for this long is stalled. */
export const STALL_AFTER_MS = 10 * 60_000;
/** A synced folder whose last delta round is older than this is stalled (the periodic delta runs every 5 minutes). */
export const DELTA_STALE_MS = 30 * 60_000;
/** This many failed runs in a row and a folder counts as stalled, not just failing. */
export const STALL_FAILURES = 3;

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const ms = (d: Date | null | undefined) => (d ? new Date(d).getTime() : null);

/** Computes a folder's health from its row at `now`: stalls are derived from timestamps, so a dead worker shows. */
export function folderHealth(
  row: FolderSyncRow & { createdAt?: Date },
  now: Date,
): { health: FolderSyncStatus['health']; stalledSince: string | null; deltaHealthy: boolean } {
  const t = now.getTime();
  const lastProgress = ms(row.lastPageAt) ?? ms(row.createdAt) ?? t;
  const lastDelta = ms(row.lastDeltaAt);
  const deltaFresh = lastDelta !== null && t - lastDelta <= DELTA_STALE_MS;
  const deltaHealthy = row.backfillComplete && deltaFresh && row.health !== 'error';
  const throttledUntil = ms(row.throttledUntil);
  if (row.consecutiveFailures >= STALL_FAILURES)
    return { health: 'stalled', stalledSince: iso(new Date(lastProgress)), deltaHealthy: false };
  if (throttledUntil !== null && throttledUntil > t) return { health: 'throttled', stalledSince: null, deltaHealthy };
  if (row.health === 'error') return { health: 'error', stalledSince: null, deltaHealthy: false };
  const waiting = !row.backfillComplete || row.requestedAt !== null || row.pageLink !== null;
  if (waiting && t - lastProgress > STALL_AFTER_MS)
    return { health: 'stalled', stalledSince: iso(new Date(lastProgress)), deltaHealthy: false };
  if (row.backfillComplete && !deltaFresh)
    return { health: 'stalled', stalledSince: iso(new Date(lastDelta ?? lastProgress)), deltaHealthy: false };
  if (row.backfillComplete && row.health === 'synced' && !waiting)
    return { health: 'synced', stalledSince: null, deltaHealthy };
  return { health: row.lastPageAt ? 'syncing' : 'pending', stalledSince: null, deltaHealthy };
}

/** Presents one folder row with its indexed count. */
export function presentFolder(
  row: FolderSyncRow & { createdAt?: Date },
  itemsIndexed: number,
  now: Date,
): FolderSyncStatus {
  const { health, stalledSince, deltaHealthy } = folderHealth(row, now);
  const from = new Date(row.backfillFrom).getTime();
  const through = ms(row.backfilledThrough);
  const progress = row.backfillComplete
    ? 1
    : through === null
      ? 0
      : Math.min(0.99, Math.max(0, (now.getTime() - through) / Math.max(1, now.getTime() - from)));
  return {
    folder: row.folder,
    externalFolderId: row.externalFolderId,
    displayName: row.displayName,
    backfillFrom: new Date(row.backfillFrom).toISOString(),
    backfilledThrough: iso(row.backfilledThrough),
    backfillComplete: row.backfillComplete,
    progress,
    itemsIndexed,
    deltaHealthy,
    lastDeltaAt: iso(row.lastDeltaAt),
    lastError: row.lastError,
    health,
    phase: row.phase,
    stalledSince,
    counts: {
      fetched: row.fetched,
      added: row.added,
      removed: row.removed,
      linked: row.linked,
      skipped: row.skipped,
      skippedReasons: row.skippedReasons ?? {},
    },
    restarts: row.restarts,
  };
}

/** The mailbox's sync state from its folders: `synced` needs every folder synced and something imported. */
export function mailboxSyncState(
  settings: MailboxSyncSettings | null,
  folders: FolderSyncStatus[],
  total: number,
  now: Date,
): MailboxStatus['syncState'] {
  if (!settings) return 'idle';
  if (folders.length === 0)
    return now.getTime() - Date.parse(settings.startedAt) > STALL_AFTER_MS ? 'stalled' : 'running';
  const has = (h: FolderSyncStatus['health']) => folders.some((f) => f.health === h);
  if (has('stalled')) return 'stalled';
  if (has('error')) return 'error';
  if (has('throttled')) return 'throttled';
  if (has('pending') || has('syncing')) return 'running';
  return total > 0 ? 'synced' : 'idle';
}

type MailboxRow = {
  id: string;
  status: 'connected' | 'revoked' | 'error';
  connectedAt: Date | null;
  lastSyncAt: Date | null;
  meta: Record<string, unknown>;
};

/** Builds `MailboxStatus` for a mailbox the transaction can see. */
export async function buildMailboxStatus(
  trx: Knex.Transaction,
  tenantId: string,
  mailbox: MailboxRow,
  now: Date,
): Promise<MailboxStatus> {
  const rows = await loadFolders(trx, { tenantId, mailboxId: mailbox.id });
  const counts = (await trx('messageIndex')
    .where({ tenantId, mailboxId: mailbox.id })
    .groupBy('folderId')
    .select('folderId', trx.raw('count(*)::int as n'))) as { folderId: string | null; n: number }[];
  const byFolder = new Map(counts.map((c) => [c.folderId, c.n]));
  const total = counts.reduce((sum, c) => sum + c.n, 0);
  const folders = rows.map((row) => presentFolder(row, byFolder.get(row.externalFolderId) ?? 0, now));
  const settings = (mailbox.meta?.sync ?? null) as MailboxSyncSettings | null;
  const throttled = rows.map((r) => ms(r.throttledUntil)).filter((v): v is number => v !== null && v > now.getTime());
  const errors = folders
    .map((f) => f.lastError)
    .filter((e): e is NonNullable<typeof e> => e !== null)
    .sort((a, b) => b.at.localeCompare(a.at));
  return {
    mailboxId: mailbox.id,
    status: mailbox.status,
    syncState: mailbox.status === 'connected' ? mailboxSyncState(settings, folders, total, now) : 'error',
    itemsIndexed: total,
    connectedAt: iso(mailbox.connectedAt),
    lastSyncAt: iso(mailbox.lastSyncAt),
    throttledUntil: throttled.length > 0 ? new Date(Math.max(...throttled)).toISOString() : null,
    folders,
    lastError: errors[0] ?? null,
  };
}
