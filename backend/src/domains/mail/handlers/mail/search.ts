import type { Knex } from 'knex';
import type { Handler } from '#http/types';
import { exactTimestampSql } from '#domains/shared/keyset';
import { decodeCursor, pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { messageColumns, presentMessage, targetMailboxes, type MessageRow } from '#domains/mail/messages';
import { parseSearch } from '#domains/mail/searchQuery';

type Ranked = MessageRow & { score: number; cursorAt: string };

/**
 * Full-text and address search over the mailboxes the caller may read, ranked (ts_rank: subject over
 * addresses over snippet; 0 for an address-only query) then newest first; keyset on (score, receivedAt, id).
 */
export const mailSearch: Handler<'mail.search'> = async (input, ctx) => {
  const mailboxes = await targetMailboxes(ctx, input.mailboxId, 'all');
  const parsed = parseSearch(input.q);
  const where: string[] = ['tenant_id = ?', mailboxes.length === 1 ? 'mailbox_id = ?' : 'mailbox_id = ANY (?::uuid[])'];
  const bindings: Knex.RawBinding[] = [ctx.principal.tenantId, mailboxes.length === 1 ? mailboxes[0]! : mailboxes];
  const add = (sql: string, ...values: Knex.RawBinding[]) => {
    where.push(sql);
    bindings.push(...values);
  };
  if (parsed.tsquery !== null) add(`search @@ to_tsquery('simple', ?)`, parsed.tsquery);
  for (const a of parsed.addresses) add(`addresses ${a.exclude ? 'NOT LIKE' : 'LIKE'} ?`, a.pattern);
  if (input.from !== undefined) add('lower(from_address) LIKE ?', containsPattern(input.from.toLowerCase()));
  if (input.to !== undefined)
    add(`lower(array_to_string(to_addresses || cc_addresses, ' ')) LIKE ?`, containsPattern(input.to.toLowerCase()));
  if (input.folder !== undefined) add('folder = ?', input.folder);
  if (input.hasAttachments !== undefined) add('has_attachments = ?', input.hasAttachments);
  if (input.isRead !== undefined) add('is_read = ?', input.isRead);
  if (input.opportunityId !== undefined) add('opportunity_id = ?', input.opportunityId);
  if (input.accountId !== undefined) add('account_id = ?', input.accountId);
  if (input.clientId !== undefined) add('client_id = ?', input.clientId);
  if (input.projectId !== undefined) add('project_id = ?', input.projectId);
  if (input.receivedFrom !== undefined) add('received_at >= ?', new Date(input.receivedFrom));
  if (input.receivedTo !== undefined) add('received_at < ?', new Date(input.receivedTo));
  const score = parsed.tsquery === null ? '0::real' : `ts_rank(search, to_tsquery('simple', ?))::real`;
  const scoreBindings = parsed.tsquery === null ? [] : [parsed.tsquery];
  let after = '';
  const afterBindings: Knex.RawBinding[] = [];
  if (input.cursor !== undefined) {
    const [s, at, id] = decodeCursor(input.cursor, ['number', 'timestamp', 'uuid']);
    after = 'WHERE (m.score, m.received_at, m.id) < (?::real, ?::timestamptz, ?::uuid)';
    afterBindings.push(s, at, id);
  }
  const sql = `SELECT * FROM (
      SELECT ${messageColumns.join(', ')}, ${score} AS score, ${exactTimestampSql('received_at')} AS cursor_at
        FROM message_index WHERE ${where.join(' AND ')}
    ) m ${after}
    ORDER BY m.score DESC, m.received_at DESC, m.id DESC LIMIT ?`;
  const result = await ctx.trx.raw(sql, [...scoreBindings, ...bindings, ...afterBindings, input.limit + 1]);
  const rows = (result.rows as Record<string, unknown>[]).map(camelRow) as Ranked[];
  return pageOf(rows, input.limit, (r) => [r.score, r.cursorAt, r.id], presentMessage);
};

/** Raw rows come back snake_case: the presenter reads camelCase. */
function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v]),
  );
}
