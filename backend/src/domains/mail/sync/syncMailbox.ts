import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';
import { type GraphFolder, type GraphMailAdapter, isNotFound } from '#integrations/graph/adapter/index';
import { type SyncDeps, type FolderRunResult, syncFolder } from './engine';
import { ensureFolders, loadFolders } from './folderState';
import type { FolderKind, SyncMailbox } from './messageRows';

/** Folders never synced: drafts, deleted items, junk, outbox and the like. */
const EXCLUDED = [
  'drafts',
  'deleteditems',
  'junkemail',
  'outbox',
  'conversationhistory',
  'syncissues',
  'recoverableitemsdeletions',
];
const KINDS: [string, FolderKind][] = [
  ['inbox', 'inbox'],
  ['sentitems', 'sent'],
  ['archive', 'archive'],
];

/** The mailbox's sync settings kept in `mailbox_accounts.meta.sync` by `mail.sync.start`. */
export type MailboxSyncSettings = { backfillDays: number; folders: FolderKind[] | null; startedAt: string };

/** Loads a connected mailbox with its address (meta.address, else the owner's e-mail) and sync settings. */
export async function loadSyncMailbox(
  knex: Knex,
  tenantId: string,
  mailboxId: string,
): Promise<{ mailbox: SyncMailbox; status: string; settings: MailboxSyncSettings | null } | null> {
  return withTenant(knex, systemScope(tenantId, 'all'), async (trx) => {
    const row = (await trx('mailboxAccounts as m')
      .join('users as u', function joinUser() {
        this.on('u.tenantId', 'm.tenantId').andOn('u.id', 'm.userId');
      })
      .where({ 'm.tenantId': tenantId, 'm.id': mailboxId })
      .first('m.id', 'm.userId', 'm.status', 'm.meta', 'u.email')) as
      { id: string; userId: string; status: string; meta: Record<string, unknown>; email: string } | undefined;
    if (!row) return null;
    const address = typeof row.meta?.address === 'string' ? row.meta.address : row.email;
    const settings = (row.meta?.sync ?? null) as MailboxSyncSettings | null;
    return { mailbox: { tenantId, mailboxId, userId: row.userId, address }, status: row.status, settings };
  });
}

/** Finds the folders to sync: inbox, sent items, archive and custom folders (from `mailFolders/delta`). */
export async function discoverFolders(
  adapter: GraphMailAdapter,
  mailbox: SyncMailbox,
): Promise<{ id: string; kind: FolderKind; displayName: string }[]> {
  const wellKnown = new Map<string, string>();
  for (const name of [...KINDS.map(([n]) => n), ...EXCLUDED.slice(0, 3)]) {
    try {
      wellKnown.set((await adapter.getFolder(mailbox, name)).id, name);
    } catch (error) {
      // A mailbox without an archive (or junk) folder is normal.
      if (!isNotFound(error)) throw error;
    }
  }
  const folders: GraphFolder[] = [];
  let page = await adapter.folderDelta(mailbox);
  folders.push(...page.items);
  while (page.nextLink) {
    page = await adapter.folderDelta(mailbox, page.nextLink);
    folders.push(...page.items);
  }
  const out: { id: string; kind: FolderKind; displayName: string }[] = [];
  for (const folder of folders) {
    const name = wellKnown.get(folder.id);
    if (name && EXCLUDED.includes(name)) continue;
    const kind = KINDS.find(([n]) => n === name)?.[1] ?? 'custom';
    out.push({ id: folder.id, kind, displayName: folder.displayName });
  }
  return out;
}

/** What one mailbox run did per folder. */
export type MailboxRunResult = {
  folders: { externalFolderId: string; result: FolderRunResult | null; error: string | null }[];
};

/**
 * One sync run of a mailbox: discovers folders (new ones start their backfill), then syncs each enabled folder
 * of the chosen kinds. A folder's failure is recorded on it and does not stop the others; the run throws at
 * the end when any folder failed, so the job is retried.
 */
export async function syncMailbox(
  deps: SyncDeps,
  tenantId: string,
  mailboxId: string,
  options: { only?: string[] } = {},
): Promise<MailboxRunResult> {
  const loaded = await loadSyncMailbox(deps.knex, tenantId, mailboxId);
  if (!loaded || loaded.status !== 'connected' || !loaded.settings) return { folders: [] };
  const { mailbox, settings } = loaded;
  const backfillFrom = new Date(Date.parse(settings.startedAt) - settings.backfillDays * 86_400_000);
  let discoveryError: unknown = null;
  if (!options.only) {
    try {
      const found = (await discoverFolders(deps.adapter, mailbox)).filter(
        (f) => !settings.folders || settings.folders.includes(f.kind),
      );
      await withTenant(deps.knex, { tenantId, userId: mailbox.userId, clientIds: null, mailboxScope: 'all' }, (trx) =>
        ensureFolders(trx, mailbox, found, backfillFrom),
      );
    } catch (error) {
      // Known folders still sync (and record their own failures, so the status shows them); new ones wait.
      discoveryError = error;
    }
  }
  const all = await withTenant(
    deps.knex,
    { tenantId, userId: mailbox.userId, clientIds: null, mailboxScope: 'all' },
    (trx) => loadFolders(trx, mailbox),
  );
  if (discoveryError && all.length === 0) throw discoveryError;
  const rows = all.filter((r) => r.enabled && (!options.only || options.only.includes(r.externalFolderId)));
  const result: MailboxRunResult = { folders: [] };
  for (const row of rows) {
    try {
      result.folders.push({
        externalFolderId: row.externalFolderId,
        result: await syncFolder(deps, mailbox, row.externalFolderId),
        error: null,
      });
    } catch (error) {
      result.folders.push({
        externalFolderId: row.externalFolderId,
        result: null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  await withTenant(deps.knex, { tenantId, userId: mailbox.userId, clientIds: null, mailboxScope: 'all' }, (trx) =>
    trx('mailboxAccounts').where({ tenantId, id: mailboxId }).update({ lastSyncAt: trx.fn.now() }),
  );
  const failed = result.folders.filter((f) => f.error !== null);
  if (failed.length > 0)
    throw new Error(`mail sync: ${failed.length} folder(s) failed: ${failed.map((f) => f.error).join('; ')}`);
  return result;
}
