import type { Knex } from 'knex';
import { type LinkResult, type SkipReason, linkRows } from './linking';
import { type FolderKind, type IndexRow, type SyncMailbox, mailUuid } from './messageRows';

/** What applying one page changed; `inserted` are the ids of rows that were new to the index. */
export type PageOutcome = {
  added: number;
  updated: number;
  removed: number;
  linked: number;
  skipped: Partial<Record<SkipReason, number>>;
  inserted: Set<string>;
  links: LinkResult;
};

const COLUMNS = `id uuid, external_id text, from_address text, to_addresses text[], cc_addresses text[], subject text,
  snippet text, has_attachments boolean, received_at timestamptz, is_read boolean, is_flagged boolean, thread_key text,
  internet_message_id text, conversation_id text, direction text, contact_id uuid, account_id uuid,
  opportunity_id uuid, client_id uuid`;

/**
 * Upserts a page of messages by immutable id (a replayed or re-listed message updates its row, never adds one),
 * removes the ids that left this folder (only while the row still sits in it: a move that was already applied
 * from the destination folder must not delete the message), links, and writes email engagements.
 */
export async function applyPage(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  folder: { kind: FolderKind; externalId: string },
  rows: IndexRow[],
  removedIds: string[],
): Promise<PageOutcome> {
  const unique = [...new Map(rows.map((row) => [row.external_id, row])).values()];
  const links = await linkRows(trx, mailbox, unique);
  const records = unique.map((row) => {
    const found = links.get(row.id);
    const link = found && 'link' in found ? found.link : null;
    return {
      ...row,
      contact_id: link?.contactId ?? null,
      account_id: link?.accountId ?? null,
      opportunity_id: link?.opportunityId ?? null,
      client_id: link?.clientId ?? null,
    };
  });
  const inserted = new Set<string>();
  let updated = 0;
  if (records.length > 0) {
    const result = await trx.raw(
      `INSERT INTO message_index (tenant_id, id, mailbox_id, user_id, folder, folder_id, external_id, from_address, to_addresses,
         cc_addresses, subject, snippet, has_attachments, received_at, is_read, is_flagged, thread_key, internet_message_id,
         conversation_id, direction, contact_id, account_id, opportunity_id, client_id, labels)
       SELECT ?, r.id, ?, ?, ?, ?, r.external_id, r.from_address, r.to_addresses, r.cc_addresses, r.subject, r.snippet,
         r.has_attachments, r.received_at, r.is_read, r.is_flagged, r.thread_key, r.internet_message_id, r.conversation_id,
         r.direction, r.contact_id, r.account_id, r.opportunity_id, r.client_id, '{}'
       FROM jsonb_to_recordset(?::jsonb) AS r(${COLUMNS})
       ON CONFLICT (tenant_id, mailbox_id, external_id) DO UPDATE SET
         folder = EXCLUDED.folder, folder_id = EXCLUDED.folder_id, subject = EXCLUDED.subject, snippet = EXCLUDED.snippet,
         from_address = EXCLUDED.from_address, to_addresses = EXCLUDED.to_addresses, cc_addresses = EXCLUDED.cc_addresses,
         has_attachments = EXCLUDED.has_attachments, received_at = EXCLUDED.received_at, is_read = EXCLUDED.is_read,
         is_flagged = EXCLUDED.is_flagged, thread_key = EXCLUDED.thread_key, direction = EXCLUDED.direction,
         internet_message_id = EXCLUDED.internet_message_id, conversation_id = EXCLUDED.conversation_id,
         contact_id = coalesce(EXCLUDED.contact_id, message_index.contact_id),
         account_id = coalesce(EXCLUDED.account_id, message_index.account_id),
         opportunity_id = coalesce(EXCLUDED.opportunity_id, message_index.opportunity_id),
         client_id = coalesce(EXCLUDED.client_id, message_index.client_id), updated_at = now()
       RETURNING id, (xmax = 0) AS inserted`,
      [mailbox.tenantId, mailbox.mailboxId, mailbox.userId, folder.kind, folder.externalId, JSON.stringify(records)],
    );
    for (const row of result.rows as { id: string; inserted: boolean }[]) {
      if (row.inserted) inserted.add(row.id);
      else updated += 1;
    }
    await writeEngagements(
      trx,
      mailbox,
      records.filter((r) => r.contact_id !== null && r.account_id !== null),
    );
  }
  let removed = 0;
  if (removedIds.length > 0) {
    removed = await trx('messageIndex')
      .where({ tenantId: mailbox.tenantId, mailboxId: mailbox.mailboxId, folderId: folder.externalId })
      .whereIn('externalId', removedIds)
      .delete();
  }
  const skipped: PageOutcome['skipped'] = {};
  let linked = 0;
  for (const value of links.values()) {
    if ('link' in value) linked += 1;
    else skipped[value.skipped] = (skipped[value.skipped] ?? 0) + 1;
  }
  return { added: inserted.size, updated, removed, linked, skipped, inserted, links };
}

type LinkedRecord = IndexRow & {
  contact_id: string | null;
  account_id: string | null;
  opportunity_id: string | null;
  client_id: string | null;
};

/**
 * One `email_in`/`email_out` engagement per linked message; its id derives from the message, so re-syncs add none.
 * It keeps no subject or preview: it points at the message, and reads take those from `message_index` under mailbox
 * privacy, so only the owner and the users the mailbox is shared with see what the email says.
 */
async function writeEngagements(trx: Knex.Transaction, mailbox: SyncMailbox, linked: LinkedRecord[]): Promise<void> {
  const logged = await attachLoggedMessages(trx, mailbox, linked);
  const records = linked.filter((r) => !logged.has(r.id));
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    id: mailUuid(`engagement:${r.id}`),
    occurred_at: r.received_at,
    type: r.direction === 'in' ? 'email_in' : 'email_out',
    direction: r.direction,
    contact_id: r.contact_id,
    account_id: r.account_id,
    opportunity_id: r.opportunity_id,
    client_id: r.client_id,
    message_id: r.id,
    meta: { messageId: r.id, mailboxId: mailbox.mailboxId, threadKey: r.thread_key, source: 'mail.sync' },
  }));
  await trx.raw(
    `INSERT INTO engagements (tenant_id, id, occurred_at, opportunity_id, account_id, contact_id, client_id, actor_id, type,
       direction, message_id, meta, channel)
     SELECT ?, r.id, r.occurred_at, r.opportunity_id, r.account_id, r.contact_id, r.client_id, ?, r.type, r.direction,
       r.message_id, r.meta, 'email'
     FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, occurred_at timestamptz, type text, direction text, contact_id uuid,
       account_id uuid, opportunity_id uuid, client_id uuid, message_id uuid, meta jsonb)
     ON CONFLICT DO NOTHING`,
    [mailbox.tenantId, mailbox.userId, JSON.stringify(rows)],
  );
}

/**
 * Messages their owner logged from the Outlook pane before sync (`logged_messages`, by `internetMessageId`): the
 * engagement that log made becomes the message's (its `message_id` is set once), and sync adds none of its own.
 * Answers the ids of those messages.
 */
async function attachLoggedMessages(
  trx: Knex.Transaction,
  mailbox: SyncMailbox,
  records: LinkedRecord[],
): Promise<Set<string>> {
  const keyed = records
    .filter((r) => r.internet_message_id !== null)
    .map((r) => ({ id: r.id, imid: r.internet_message_id }));
  if (keyed.length === 0) return new Set();
  const found = (await trx.raw(
    `WITH logged AS (
       SELECT r.id AS message_id, l.engagement_id, l.engagement_occurred_at
         FROM jsonb_to_recordset(?::jsonb) AS r(id uuid, imid text)
         JOIN logged_messages l ON l.tenant_id = ? AND l.user_id = ? AND l.internet_message_id = r.imid
     ), attached AS (
       UPDATE engagements e SET message_id = logged.message_id
         FROM logged
        WHERE e.tenant_id = ? AND e.id = logged.engagement_id AND e.occurred_at = logged.engagement_occurred_at
          AND e.message_id IS NULL
     )
     SELECT message_id FROM logged`,
    [JSON.stringify(keyed), mailbox.tenantId, mailbox.userId, mailbox.tenantId],
  )) as { rows: { message_id: string }[] };
  return new Set(found.rows.map((r) => r.message_id));
}
