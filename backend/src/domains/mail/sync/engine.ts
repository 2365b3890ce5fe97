import type { Knex } from 'knex';
import { withTenant } from '#db/tenantTx';
import {
  type DeltaPage,
  type GraphMailAdapter,
  type GraphMessage,
  GraphRequestError,
  isSyncStateGone,
} from '#integrations/graph/adapter/index';
import { MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { type FolderSyncRow, folderKey, lockFolder, recordFailure } from './folderState';
import { applyPage } from './indexWriter';
import { type SyncMailbox, toIndexRow } from './messageRows';
import { emitSynced } from './syncEvents';
import type { ReplyDetector } from './replies';

/** Graph ends a `receivedDateTime`-filtered initial delta round after this many messages. */
export const DELTA_CAP = 5_000;

/** What the sync engine needs: an owner (or worker) knex, the Graph adapter, and test hooks. */
export type SyncDeps = {
  knex: Knex;
  adapter: GraphMailAdapter;
  pageSize?: number;
  /** Called after each committed page (tests kill the worker here). */
  afterPage?: (folder: FolderSyncRow, pages: number) => Promise<void> | void;
  replies?: ReplyDetector;
};

/** Counts of one folder run (summed into the folder row and the `mail.synced` event). */
export type FolderRunResult = {
  pages: number;
  added: number;
  updated: number;
  removed: number;
  restarted: number;
  complete: boolean;
};

const scope = (mailbox: SyncMailbox) => ({
  tenantId: mailbox.tenantId,
  userId: mailbox.userId,
  clientIds: null,
  mailboxScope: 'all' as const,
});

/** Fetches the next page for a folder's phase and saved cursor. */
async function fetchPage(deps: SyncDeps, mailbox: SyncMailbox, row: FolderSyncRow): Promise<DeltaPage<GraphMessage>> {
  const pageSize = deps.pageSize ?? 100;
  if (row.phase === 'fill') {
    const page = await deps.adapter.listMessages(
      mailbox,
      row.pageLink
        ? { link: row.pageLink, pageSize }
        : {
            folderId: row.externalFolderId,
            receivedSince: row.backfillFrom,
            receivedBefore: row.roundOldest ?? new Date(),
            pageSize,
          },
    );
    return { items: page.items, removed: [], nextLink: page.nextLink, deltaLink: null };
  }
  if (row.pageLink) return deps.adapter.messageDelta(mailbox, { link: row.pageLink, pageSize });
  if (row.phase === 'delta' && row.deltaLink)
    return deps.adapter.messageDelta(mailbox, { link: row.deltaLink, pageSize });
  return deps.adapter.messageDelta(mailbox, {
    folderId: row.externalFolderId,
    receivedSince: row.backfillFrom,
    pageSize,
  });
}

/** What `fetchPage` reads of a folder row: a page asked ahead is only used for the same values. */
function cursorOf(row: FolderSyncRow): string {
  return JSON.stringify([
    row.phase,
    row.pageLink,
    row.deltaLink,
    row.backfillFrom,
    row.roundOldest,
    row.externalFolderId,
  ]);
}

/** The cursor and phase after a page: the next page of the round, the fill after a capped backfill, or the delta. */
function advance(
  row: FolderSyncRow,
  page: DeltaPage<GraphMessage>,
  oldest: Date | null,
): Partial<FolderSyncRow> & { done: boolean } {
  const roundOldest = oldest && (!row.roundOldest || oldest < row.roundOldest) ? oldest : row.roundOldest;
  const roundItems = row.roundItems + page.items.length;
  if (page.nextLink)
    return {
      pageLink: page.nextLink,
      roundItems,
      roundOldest,
      backfilledThrough: row.backfillComplete ? row.backfilledThrough : roundOldest,
      done: false,
    };
  if (row.phase === 'backfill') {
    // A capped round leaves older mail out: a paged list below the oldest message seen fills the rest.
    if (roundItems >= DELTA_CAP)
      return {
        phase: 'fill',
        pageLink: null,
        deltaLink: page.deltaLink,
        roundItems,
        roundOldest,
        backfilledThrough: roundOldest,
        done: false,
      };
    return {
      phase: 'delta',
      pageLink: null,
      deltaLink: page.deltaLink,
      roundItems: 0,
      backfillComplete: true,
      backfilledThrough: row.backfillFrom,
      done: false,
    };
  }
  if (row.phase === 'fill')
    return {
      phase: 'delta',
      pageLink: null,
      roundItems: 0,
      backfillComplete: true,
      backfilledThrough: row.backfillFrom,
      done: false,
    };
  return { pageLink: null, deltaLink: page.deltaLink, roundItems: 0, done: true };
}

/**
 * Syncs one folder until its current delta round is complete: backfill (filtered delta), fill past the cap,
 * then delta rounds. Each page is applied and its cursor saved in one transaction, so a crash resumes at the
 * next page with no gap and no duplicate. A 410 restarts the folder's round (rows are upserted, and rows the
 * new round did not see again are swept at its end).
 */
export async function syncFolder(
  deps: SyncDeps,
  mailbox: SyncMailbox,
  externalFolderId: string,
): Promise<FolderRunResult> {
  const result: FolderRunResult = { pages: 0, added: 0, updated: 0, removed: 0, restarted: 0, complete: false };
  // The row as this run's last committed page left it: the next page is fetched from it without reading the row
  // again (the page transaction locks the row and checks the cursor anyway); null means read it first.
  let carried: FolderSyncRow | null = null;
  // The next page, asked of Graph while this one is written (Graph's latency overlaps the database's work); used
  // only when the committed cursor is the one it was asked for, else dropped.
  let ahead: { cursor: string; page: Promise<DeltaPage<GraphMessage>> } | null = null;
  for (;;) {
    const row =
      carried ?? (await withTenant(deps.knex, scope(mailbox), (trx) => lockFolder(trx, mailbox, externalFolderId)));
    carried = null;
    const prefetched = ahead && row && ahead.cursor === cursorOf(row) ? ahead.page : null;
    ahead = null;
    if (!row || !row.enabled) return result;
    let page: DeltaPage<GraphMessage>;
    try {
      page = await (prefetched ?? fetchPage(deps, mailbox, row));
    } catch (error) {
      if (isSyncStateGone(error)) {
        result.restarted += 1;
        await restartRound(deps.knex, mailbox, row);
        continue;
      }
      await failFolder(deps.knex, mailbox, externalFolderId, error);
      throw error;
    }
    const rows = page.items.map((m) => toIndexRow(mailbox, row.folder, m));
    const oldest = rows.reduce<Date | null>(
      (min, r) => (min === null || new Date(r.received_at) < min ? new Date(r.received_at) : min),
      null,
    );
    const { done: last, ...predicted } = advance(row, page, oldest);
    if (!last) {
      const nextRow = { ...row, ...predicted };
      ahead = { cursor: cursorOf(nextRow), page: fetchPage(deps, mailbox, nextRow) };
      // Awaited (and its failure handled) on the next loop; dropped unused when the run ends or moves elsewhere.
      ahead.page.catch(() => undefined);
    }
    const replies = deps.replies ? await deps.replies.prepare(mailbox, rows) : null;
    const saved = await withTenant(deps.knex, scope(mailbox), async (trx) => {
      const current = await lockFolder(trx, mailbox, externalFolderId);
      // Another run moved the cursor meanwhile (a duplicate job), or the folder was disabled: drop this page
      // (it will be re-read, or the next loop ends the run).
      if (
        !current ||
        !current.enabled ||
        current.pageLink !== row.pageLink ||
        current.phase !== row.phase ||
        current.deltaLink !== row.deltaLink
      )
        return null;
      const outcome = await applyPage(
        trx,
        mailbox,
        { kind: current.folder, externalId: current.externalFolderId },
        rows,
        page.removed,
      );
      const next = advance(current, page, oldest);
      const { done, ...changes } = next;
      const skippedReasons = { ...current.skippedReasons };
      for (const [reason, n] of Object.entries(outcome.skipped))
        skippedReasons[reason] = (skippedReasons[reason] ?? 0) + (n ?? 0);
      const counters = {
        fetched: current.fetched + page.items.length,
        added: current.added + outcome.added,
        removed: current.removed + outcome.removed,
        linked: current.linked + outcome.linked,
        skipped: current.skipped + Object.values(outcome.skipped).reduce((a, b) => a + (b ?? 0), 0),
      };
      const health = done ? ('synced' as const) : ('syncing' as const);
      await trx('mailFolderSync')
        .where(folderKey(mailbox, externalFolderId))
        .update({
          ...changes,
          ...counters,
          skippedReasons: JSON.stringify(skippedReasons),
          lastPageAt: trx.fn.now(),
          ...(done ? { lastDeltaAt: trx.fn.now(), requestedAt: null } : {}),
          health,
          throttledUntil: null,
          consecutiveFailures: 0,
          lastError: null,
          updatedAt: trx.fn.now(),
        });
      const swept = next.backfillComplete && !current.backfillComplete && current.sweepAfterRound;
      if (swept) await sweep(trx, mailbox, current);
      if (replies) await replies.commit(trx, outcome);
      const after: FolderSyncRow = {
        ...current,
        ...changes,
        ...counters,
        skippedReasons,
        health,
        throttledUntil: null,
        consecutiveFailures: 0,
        lastError: null,
        ...(swept ? { sweepAfterRound: false } : {}),
      };
      return { outcome, done, after };
    });
    if (!saved) continue;
    carried = saved.after;
    result.pages += 1;
    result.added += saved.outcome.added;
    result.updated += saved.outcome.updated;
    result.removed += saved.outcome.removed;
    await deps.afterPage?.(row, result.pages);
    if (saved.done) {
      result.complete = true;
      await withTenant(deps.knex, scope(mailbox), (trx) => emitSynced(trx, mailbox, externalFolderId, result));
      return result;
    }
  }
}

/** Starts the folder's round again from a fresh filtered delta; rows not seen again by its end are swept. */
async function restartRound(knex: Knex, mailbox: SyncMailbox, row: FolderSyncRow): Promise<void> {
  await withTenant(knex, scope(mailbox), (trx) =>
    trx('mailFolderSync')
      .where(folderKey(mailbox, row.externalFolderId))
      .update({
        phase: 'backfill',
        pageLink: null,
        deltaLink: null,
        roundItems: 0,
        roundOldest: null,
        backfillComplete: false,
        roundStartedAt: trx.fn.now(),
        sweepAfterRound: true,
        restarts: row.restarts + 1,
        health: 'syncing',
        lastError: JSON.stringify({
          code: 'syncStateNotFound',
          message: 'Graph dropped the delta state; the folder round restarted.',
          at: new Date().toISOString(),
        }),
        updatedAt: trx.fn.now(),
      }),
  );
}

/** Deletes this folder's rows in the backfill window that the restarted round did not touch. */
async function sweep(trx: Knex.Transaction, mailbox: SyncMailbox, row: FolderSyncRow): Promise<void> {
  await trx('messageIndex')
    .where({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, folderId: row.externalFolderId })
    .where('receivedAt', '>=', row.backfillFrom)
    .where('updatedAt', '<', row.roundStartedAt ?? new Date(0))
    .delete();
  await trx('mailFolderSync').where(folderKey(mailbox, row.externalFolderId)).update({ sweepAfterRound: false });
}

async function failFolder(knex: Knex, mailbox: SyncMailbox, externalFolderId: string, error: unknown): Promise<void> {
  const graph = error instanceof GraphRequestError ? error : null;
  const code =
    error instanceof MailboxAuthError ? 'mailbox_auth' : graph ? (graph.code ?? `http_${graph.status}`) : 'sync_failed';
  const message = error instanceof Error ? error.message : String(error);
  const throttledUntil = graph && graph.status === 429 ? new Date(Date.now() + (graph.retryAfterMs ?? 60_000)) : null;
  await withTenant(knex, scope(mailbox), (trx) =>
    recordFailure(trx, mailbox, externalFolderId, { code, message: message.slice(0, 500) }, throttledUntil),
  );
}
