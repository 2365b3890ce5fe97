import type { MessageDetail } from '@pivotal-pm/sdk';
import { FULL_SELECT, type GraphMailAdapter, type GraphMessage, GraphRequestError, isNotFound } from '../../../integrations/graph/adapter';
import { type MailboxRef, MailboxAuthError } from '../../../integrations/graph/mailboxAccess';
import { ApiError, notFound } from '../../../http/errors';
import type { Handler, OpContext } from '../../../http/types';
import { open, seal } from '../../../security/sealing';
import { isoRequired } from '../../shared/present';
import { manualSendTracking } from '../../sequences/tracking';
import { withoutTrackingPixel } from '../../sequences/trackingLink';
import { messageColumns, presentMessage, type MessageRow } from '../messages';
import { mailRuntime } from '../sync/runtime';

type Cached = { body: MessageDetail['body']; bcc: string[]; attachments: MessageDetail['attachments'] };

/** The message (404 unless the caller may read its mailbox: owner or share; never client scope) and its Graph address. */
async function loadMessage(ctx: OpContext, id: string, write: boolean): Promise<{ row: MessageRow; ref: MailboxRef }> {
  if (ctx.principal.clientIds !== null) throw notFound('Message');
  const { tenantId } = ctx.principal;
  const query = ctx.trx('messageIndex')
    .join('mailboxAccounts as m', function join() { this.on('m.tenantId', 'message_index.tenant_id').andOn('m.id', 'message_index.mailbox_id'); })
    .join('users as u', function join() { this.on('u.tenantId', 'm.tenantId').andOn('u.id', 'm.userId'); })
    .where({ 'message_index.tenant_id': tenantId, 'message_index.id': id })
    .first(...messageColumns, 'm.address as mailboxAddress', 'm.meta as mailboxMeta', 'm.status as mailboxStatus', 'u.email as ownerEmail');
  if (write) query.forUpdate('message_index');
  const row = (await query) as (MessageRow & { mailboxAddress: string | null; mailboxMeta: Record<string, unknown>; mailboxStatus: string; ownerEmail: string }) | undefined;
  if (!row) throw notFound('Message');
  // Shares are read-only: only the owner changes mail.
  if (write && row.userId !== ctx.principal.userId) throw new ApiError('not_owner', 'Only the mailbox owner can change its messages (shares are read-only)');
  if (row.mailboxStatus !== 'connected') throw new ApiError('mailbox_not_connected', 'The mailbox is not connected: reconnect it (mailbox.connectO365)');
  const address = row.mailboxAddress ?? (typeof row.mailboxMeta?.address === 'string' ? row.mailboxMeta.address : row.ownerEmail);
  return { row, ref: { tenantId, mailboxId: row.mailboxId, address } };
}

/** Runs a Graph call for an operation: consent gone is 409, a message gone from Graph 404, anything else 502. */
async function graph<T>(fn: (adapter: GraphMailAdapter) => Promise<T>): Promise<T> {
  const runtime = mailRuntime();
  if (!runtime) throw new ApiError('upstream_failed', 'Office 365 is not configured in this process');
  try {
    return await fn(runtime.adapter);
  } catch (error) {
    if (error instanceof MailboxAuthError) throw new ApiError('mailbox_not_connected', error.message);
    if (isNotFound(error)) throw notFound('Message');
    if (error instanceof GraphRequestError) throw new ApiError('upstream_failed', `Office 365 answered ${error.status}${error.code ? ` ${error.code}` : ''}`);
    throw error;
  }
}

/** Gets a message with its body: from the sealed cache while fresh, else from Graph (then cached for the TTL). */
export const messageGet: Handler<'mail.message.get'> = async (input, ctx) => {
  const { row, ref } = await loadMessage(ctx, input.id, false);
  const { tenantId } = ctx.principal;
  const hit = (await ctx.trx('mailBodyCache').where({ tenantId, messageId: row.id }).where('expiresAt', '>', ctx.now).first('bodySealed', 'expiresAt')) as { bodySealed: Buffer; expiresAt: Date } | undefined;
  const tracking = await trackingOf(ctx, row);
  if (hit) {
    const cached = JSON.parse((await open(ctx.trx, tenantId, hit.bodySealed)).toString('utf8')) as Cached;
    return { ...presentMessage(row), ...cached, cachedUntil: isoRequired(hit.expiresAt), tracking };
  }
  const fetched = await graph(async (adapter) => {
    const message: GraphMessage = await adapter.getMessage(ref, row.externalId, FULL_SELECT);
    const attachments = message.hasAttachments ? await adapter.listAttachments(ref, row.externalId) : [];
    return { message, attachments };
  });
  const cached: Cached = {
    // Our open pixel is taken out of what Pivotal shows: the sender reading their sent copy is not an open.
    body: fetched.message.body?.contentType === 'html'
      ? { contentType: 'html', content: withoutTrackingPixel(fetched.message.body.content ?? '', ctx.services.config.publicUrl) }
      : { contentType: 'text', content: fetched.message.body?.content ?? '' },
    bcc: (fetched.message.bccRecipients ?? []).map((r) => r.emailAddress.address?.toLowerCase() ?? '').filter(Boolean),
    attachments: fetched.attachments,
  };
  const expiresAt = new Date(ctx.now.getTime() + ctx.services.config.mailBodyCacheTtlSeconds * 1_000);
  // The request transaction of a query is read-only: the cache is written beside it.
  await ctx.sideTransaction?.(async (side) => {
    const bodySealed = await seal(side, tenantId, JSON.stringify(cached));
    await side('mailBodyCache')
      .insert({ tenantId, messageId: row.id, mailboxId: row.mailboxId, userId: row.userId, bodySealed, fetchedAt: ctx.now, expiresAt })
      .onConflict(['tenantId', 'messageId'])
      .merge(['bodySealed', 'fetchedAt', 'expiresAt', 'updatedAt']);
  });
  return { ...presentMessage(row), ...cached, cachedUntil: expiresAt.toISOString(), tracking };
};

/** Tracking figures of a sent message that left through the outbox with tracking asked for; null otherwise. */
async function trackingOf(ctx: OpContext, row: MessageRow): Promise<MessageDetail['tracking']> {
  const sent = (await ctx.trx('mailOutbox')
    .where({ tenantId: ctx.principal.tenantId, messageId: row.id })
    .whereRaw(`(options #>> '{tracking,opens}' = 'true' OR options #>> '{tracking,clicks}' = 'true')`)
    .first('id')) as { id: string } | undefined;
  if (!sent) return null;
  const figures = await manualSendTracking(ctx.trx, ctx.principal.tenantId, sent.id);
  return { ...figures, lastOpenedAt: figures.lastOpenedAt?.toISOString() ?? null };
}

/** Writes a state change through to Graph, then the index (the audit row records both states). */
async function writeThrough(ctx: OpContext, id: string, change: (adapter: GraphMailAdapter, ref: MailboxRef, row: MessageRow) => Promise<Partial<MessageRow> & Record<string, unknown>>) {
  const { row, ref } = await loadMessage(ctx, id, true);
  const patch = await graph((adapter) => change(adapter, ref, row));
  const [updated] = (await ctx.trx('messageIndex')
    .where({ tenantId: ctx.principal.tenantId, id: row.id })
    .update({ ...patch, updatedAt: ctx.now })
    .returning(messageColumns)) as MessageRow[];
  await ctx.audit({ targetType: 'message', targetId: row.id, before: { folder: row.folder, isRead: row.isRead, isFlagged: row.isFlagged }, after: { folder: updated!.folder, isRead: updated!.isRead, isFlagged: updated!.isFlagged } });
  return presentMessage(updated!);
}

/** Moves a message to the inbox, the archive or a custom folder (Graph first; the immutable id stays). */
export const messageMove: Handler<'mail.message.move'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const destination = input.folder === 'custom' ? input.customFolderId! : input.folder;
    const moved = await adapter.moveMessage(ref, row.externalId, destination);
    return { folder: input.folder, folderId: moved.parentFolderId ?? null, customFolderId: input.folder === 'custom' ? (moved.parentFolderId ?? input.customFolderId!) : null, externalId: moved.id };
  });

/** Flags or unflags a message in Graph and the index. */
export const messageFlag: Handler<'mail.message.flag'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const patched = await adapter.patchMessage(ref, row.externalId, { flag: { flagStatus: input.flagged ? 'flagged' : 'notFlagged' } });
    return { isFlagged: patched.flag?.flagStatus === 'flagged' };
  });

/** Marks a message read or unread in Graph and the index. */
export const messageReadState: Handler<'mail.message.readState'> = (input, ctx) =>
  writeThrough(ctx, input.id, async (adapter, ref, row) => {
    const patched = await adapter.patchMessage(ref, row.externalId, { isRead: input.isRead });
    return { isRead: patched.isRead ?? input.isRead };
  });
