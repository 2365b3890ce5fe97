import type { MessageDetail } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { type GraphMailAdapter, GraphRequestError, isNotFound } from '#integrations/graph/adapter/index';
import { type MailboxRef, MailboxAuthError } from '#integrations/graph/mailboxAccess';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { messageColumns, presentMessage, type MessageRow } from './messages';
import { mailRuntime } from './sync/runtime';

export type Cached = { body: MessageDetail['body']; bcc: string[]; attachments: MessageDetail['attachments'] };

/** The message (404 unless the caller may read its mailbox: owner or share; never client scope) and its Graph address. */
export async function loadMessage(
  ctx: OpContext,
  id: string,
  write: boolean,
): Promise<{ row: MessageRow; ref: MailboxRef }> {
  if (ctx.principal.clientIds !== null) throw notFound('Message');
  const { tenantId } = ctx.principal;
  const query = ctx
    .trx('messageIndex')
    .join('mailboxAccounts as m', function join() {
      this.on('m.tenantId', 'message_index.tenant_id').andOn('m.id', 'message_index.mailbox_id');
    })
    .join('users as u', function join() {
      this.on('u.tenantId', 'm.tenantId').andOn('u.id', 'm.userId');
    })
    .where({ 'message_index.tenant_id': tenantId, 'message_index.id': id })
    .first(
      ...messageColumns,
      'm.address as mailboxAddress',
      'm.meta as mailboxMeta',
      'm.status as mailboxStatus',
      'u.email as ownerEmail',
    );
  if (write) query.forUpdate('message_index');
  const row = (await query) as
    | (MessageRow & {
        mailboxAddress: string | null;
        mailboxMeta: Record<string, unknown>;
        mailboxStatus: string;
        ownerEmail: string;
      })
    | undefined;
  if (!row) throw notFound('Message');
  // Shares are read-only: only the owner changes mail.
  if (write && row.userId !== ctx.principal.userId)
    throw new ApiError('not_owner', 'Only the mailbox owner can change its messages (shares are read-only)');
  if (row.mailboxStatus !== 'connected')
    throw new ApiError('mailbox_not_connected', 'The mailbox is not connected: reconnect it (mailbox.connectO365)');
  const address =
    row.mailboxAddress ?? (typeof row.mailboxMeta?.address === 'string' ? row.mailboxMeta.address : row.ownerEmail);
  return { row, ref: { tenantId, mailboxId: row.mailboxId, address } };
}

/** Runs a Graph call for an operation: consent gone is 409, a message gone from Graph 404, anything else 502. */
export async function graph<T>(fn: (adapter: GraphMailAdapter) => Promise<T>): Promise<T> {
  const runtime = mailRuntime();
  if (!runtime) throw new ApiError('upstream_failed', 'Office 365 is not configured in this process');
  try {
    return await fn(runtime.adapter);
  } catch (error) {
    if (error instanceof MailboxAuthError) throw new ApiError('mailbox_not_connected', error.message);
    if (isNotFound(error)) throw notFound('Message');
    if (error instanceof GraphRequestError)
      throw new ApiError('upstream_failed', `Office 365 answered ${error.status}${error.code ? ` ${error.code}` : ''}`);
    throw error;
  }
}

/** Tracking figures of a sent message that left through the outbox with tracking asked for; null otherwise. */
export async function trackingOf(ctx: OpContext, row: MessageRow): Promise<MessageDetail['tracking']> {
  const sent = (await ctx
    .trx('mailOutbox')
    .where({ tenantId: ctx.principal.tenantId, messageId: row.id })
    .whereRaw(`(options #>> '{tracking,opens}' = 'true' OR options #>> '{tracking,clicks}' = 'true')`)
    .first('id')) as { id: string } | undefined;
  if (!sent) return null;
  const figures = await manualSendTracking(ctx.trx, ctx.principal.tenantId, sent.id);
  return { ...figures, lastOpenedAt: figures.lastOpenedAt?.toISOString() ?? null };
}

/** Writes a state change through to Graph, then the index (the audit row records both states). */
export async function writeThrough(
  ctx: OpContext,
  id: string,
  change: (
    adapter: GraphMailAdapter,
    ref: MailboxRef,
    row: MessageRow,
  ) => Promise<Partial<MessageRow> & Record<string, unknown>>,
) {
  const { row, ref } = await loadMessage(ctx, id, true);
  const patch = await graph((adapter) => change(adapter, ref, row));
  const [updated] = (await ctx
    .trx('messageIndex')
    .where({ tenantId: ctx.principal.tenantId, id: row.id })
    .update({ ...patch, updatedAt: ctx.now })
    .returning(messageColumns)) as MessageRow[];
  await ctx.audit({
    targetType: 'message',
    targetId: row.id,
    before: { folder: row.folder, isRead: row.isRead, isFlagged: row.isFlagged },
    after: { folder: updated!.folder, isRead: updated!.isRead, isFlagged: updated!.isFlagged },
  });
  return presentMessage(updated!);
}

/** Open and click counts of one tracked manual send: all hits, and those made by people. */
export async function manualSendTracking(
  trx: Knex.Transaction,
  tenantId: string,
  outboxId: string,
): Promise<{
  opens: { human: number; total: number };
  clicks: { human: number; total: number };
  lastOpenedAt: Date | null;
}> {
  const rows = (await trx('mailTrackingEvents')
    .where({ tenantId, outboxId })
    .groupBy('kind')
    .select(
      'kind',
      trx.raw('count(*)::int AS total'),
      trx.raw('(count(*) FILTER (WHERE NOT is_bot))::int AS human'),
      trx.raw('max(occurred_at) FILTER (WHERE NOT is_bot) AS last_human'),
    )) as { kind: 'open' | 'click'; total: number; human: number; lastHuman: Date | null }[];
  const of = (kind: 'open' | 'click') => rows.find((r) => r.kind === kind);
  return {
    opens: { human: of('open')?.human ?? 0, total: of('open')?.total ?? 0 },
    clicks: { human: of('click')?.human ?? 0, total: of('click')?.total ?? 0 },
    lastOpenedAt: of('open')?.lastHuman ?? null,
  };
}
