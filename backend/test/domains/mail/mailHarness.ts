import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { withTenant } from '#db/tenantTx';
import type { SyncDeps } from '#domains/mail/sync/engine';
import {
  type GraphMailAdapter,
  createGraphMailAdapter,
  emulatorMailboxAccess,
} from '#integrations/graph/adapter/index';
import { type GraphEmulator, startGraphEmulator } from '#integrations/graph/emulator/index';

/** A started Graph emulator trusted in-process, and an adapter over it with quick retries. */
export type MailHarness = { emulator: GraphEmulator; adapter: GraphMailAdapter; close(): Promise<void> };

/** Starts the emulator (its CA trusted for this test file) and an adapter with test-sized backoff. */
export async function startMailHarness(): Promise<MailHarness> {
  const defaults = getCACertificates('default');
  const emulator = await startGraphEmulator();
  setDefaultCACertificates([...defaults, emulator.caPem]);
  const adapter = createGraphMailAdapter({
    baseUrl: emulator.url,
    access: emulatorMailboxAccess(emulator),
    retry: { baseDelayMs: 5, maxDelayMs: 50, maxRetryAfterMs: 5_000 },
    sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 30))),
  });
  return {
    emulator,
    adapter,
    async close() {
      setDefaultCACertificates(defaults);
      await emulator.close();
    },
  };
}

/** Inserts a connected mailbox for a user (what mailbox.connectO365's callback leaves behind) with sync settings. */
export async function connectMailbox(
  ownerKnex: Knex,
  tenantId: string,
  userId: string,
  address: string,
  sync: { backfillDays?: number; startedAt?: Date } | null = {},
): Promise<string> {
  const id = uuidv7();
  const meta: Record<string, unknown> = { address };
  if (sync)
    meta.sync = {
      backfillDays: sync.backfillDays ?? 90,
      folders: null,
      startedAt: (sync.startedAt ?? new Date()).toISOString(),
    };
  await withTenant(ownerKnex, { tenantId, userId, clientIds: null, mailboxScope: 'all' }, (trx) =>
    trx('mailboxAccounts').insert({
      tenantId,
      id,
      userId,
      status: 'connected',
      connectedAt: new Date(),
      scopes: ['Mail.Read', 'Mail.Send'],
      meta: JSON.stringify(meta),
    }),
  );
  return id;
}

/** The index rows of a mailbox: external id and folder id. */
export async function indexed(
  ownerKnex: Knex,
  tenantId: string,
  mailboxId: string,
): Promise<{ externalId: string; folderId: string; isRead: boolean }[]> {
  return withTenant(ownerKnex, { tenantId, userId: null, clientIds: null, mailboxScope: 'all' }, (trx) =>
    trx('messageIndex').where({ tenantId, mailboxId }).select('externalId', 'folderId', 'isRead'),
  );
}

/**
 * Compares the index with the emulator's mailbox over the synced folders: missing and extra ids, duplicates
 * and rows in the wrong folder. An equal index answers all zero.
 */
export async function compareWithEmulator(
  ownerKnex: Knex,
  tenantId: string,
  mailboxId: string,
  emulator: GraphEmulator,
  address: string,
  folders: string[],
  since?: Date,
) {
  const rows = await indexed(ownerKnex, tenantId, mailboxId);
  const expected = new Map<string, string>();
  for (const folder of folders) {
    for (const m of emulator.control.messages(address, folder))
      if (!since || Date.parse(m.receivedDateTime) >= since.getTime()) expected.set(m.id, m.folderId);
  }
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(row.externalId, (seen.get(row.externalId) ?? 0) + 1);
  return {
    expected: expected.size,
    indexed: rows.length,
    missing: [...expected.keys()].filter((id) => !seen.has(id)).length,
    extra: rows.filter((r) => !expected.has(r.externalId)).length,
    duplicates: [...seen.values()].filter((n) => n > 1).length,
    wrongFolder: rows.filter((r) => expected.has(r.externalId) && expected.get(r.externalId) !== r.folderId).length,
  };
}

/** Sync dependencies over a knex and the harness's adapter. */
export const syncDeps = (knex: Knex, harness: MailHarness, extra: Partial<SyncDeps> = {}): SyncDeps => ({
  knex,
  adapter: harness.adapter,
  pageSize: 50,
  ...extra,
});
