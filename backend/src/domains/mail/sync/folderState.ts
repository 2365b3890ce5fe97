import type { Knex } from 'knex';
import type { FolderKind, SyncMailbox } from './messageRows';
import { tableColumns } from '#db/tableColumns';

/** One folder's sync state row (camelCase through the knex mappers). */
export type FolderSyncRow = {
  tenantId: string;
  mailboxId: string;
  userId: string;
  externalFolderId: string;
  folder: FolderKind;
  displayName: string;
  backfillFrom: Date;
  phase: 'backfill' | 'fill' | 'delta';
  pageLink: string | null;
  deltaLink: string | null;
  roundStartedAt: Date | null;
  roundItems: number;
  roundOldest: Date | null;
  sweepAfterRound: boolean;
  backfilledThrough: Date | null;
  backfillComplete: boolean;
  lastPageAt: Date | null;
  lastDeltaAt: Date | null;
  requestedAt: Date | null;
  health: 'pending' | 'syncing' | 'synced' | 'throttled' | 'error';
  throttledUntil: Date | null;
  consecutiveFailures: number;
  lastError: { code: string; message: string; at: string } | null;
  fetched: number;
  added: number;
  removed: number;
  linked: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  restarts: number;
  enabled: boolean;
};
/** The columns of `FolderSyncRow` (`mail_folder_sync`). */
export const folderSyncColumns = tableColumns<FolderSyncRow>()(
  'mail_folder_sync',
  [
    'tenantId',
    'mailboxId',
    'userId',
    'externalFolderId',
    'folder',
    'displayName',
    'backfillFrom',
    'phase',
    'pageLink',
    'deltaLink',
    'roundStartedAt',
    'roundItems',
    'roundOldest',
    'sweepAfterRound',
    'backfilledThrough',
    'backfillComplete',
    'lastPageAt',
    'lastDeltaAt',
    'requestedAt',
    'health',
    'throttledUntil',
    'consecutiveFailures',
    'lastError',
    'fetched',
    'added',
    'removed',
    'linked',
    'skipped',
    'skippedReasons',
    'restarts',
    'enabled',
  ],
  false,
);

/** The key of a folder row. */
export const folderKey = (mailbox: SyncMailbox, externalFolderId: string) => ({
  tenantId: mailbox.tenantId,
  mailboxId: mailbox.mailboxId,
  externalFolderId,
});

/** Reads a mailbox's folder rows (bigint counters come back as strings: numbers here). */
export async function loadFolders(
  trx: Knex | Knex.Transaction,
  mailbox: Pick<SyncMailbox, 'tenantId' | 'mailboxId'>,
): Promise<FolderSyncRow[]> {
  const rows = (await trx('mailFolderSync')
    .where({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId })
    .orderBy(['folder', 'displayName'])) as FolderSyncRow[];
  return rows.map(numeric);
}

/** Reads one folder row under `FOR UPDATE` (the page transaction owns the cursor while it applies a page). */
export async function lockFolder(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  externalFolderId: string,
): Promise<FolderSyncRow | null> {
  const row = (await trx('mailFolderSync').where(folderKey(mailbox, externalFolderId)).forUpdate().first()) as
    FolderSyncRow | undefined;
  return row ? numeric(row) : null;
}

function numeric(row: FolderSyncRow): FolderSyncRow {
  return {
    ...row,
    fetched: Number(row.fetched),
    added: Number(row.added),
    removed: Number(row.removed),
    linked: Number(row.linked),
    skipped: Number(row.skipped),
  };
}

/** Adds folders not tracked yet (state `pending`); existing rows keep their cursor. */
export async function ensureFolders(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  folders: { id: string; kind: FolderKind; displayName: string }[],
  backfillFrom: Date,
): Promise<void> {
  if (folders.length === 0) return;
  await trx('mailFolderSync')
    .insert(
      folders.map((f) => ({
        ...folderKey(mailbox, f.id),
        userId: mailbox.userId,
        folder: f.kind,
        displayName: f.displayName,
        backfillFrom,
        requestedAt: trx.fn.now(),
      })),
    )
    .onConflict(['tenantId', 'mailboxId', 'externalFolderId'])
    .merge(['displayName', 'enabled']);
}

/** Records a failure on a folder: error health (or throttled with its end), the error, and the failure count. */
export async function recordFailure(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  externalFolderId: string,
  error: { code: string; message: string },
  throttledUntil: Date | null,
): Promise<void> {
  await trx('mailFolderSync')
    .where(folderKey(mailbox, externalFolderId))
    .update({
      health: throttledUntil ? 'throttled' : 'error',
      throttledUntil,
      lastError: JSON.stringify({ ...error, at: new Date().toISOString() }),
      consecutiveFailures: trx.raw('consecutive_failures + 1'),
      updatedAt: trx.fn.now(),
    });
}
