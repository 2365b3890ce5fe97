import type { Handler } from '#http/types';
import { decodeTimeIdCursor, exactTimestampSql } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { messageColumns, presentMessage, targetMailboxes, type MessageRow } from '#domains/mail/messages';

/**
 * Lists a mailbox's messages newest first (keyset on receivedAt desc, id desc): a folder, a thread, or by
 * read/flag state, labels or opportunity. Default mailbox: the caller's own.
 */
export const mailMessagesList: Handler<'mail.messages.list'> = async (input, ctx) => {
  const [mailboxId] = await targetMailboxes(ctx, input.mailboxId, 'own');
  const { trx } = ctx;
  const query = trx('messageIndex')
    .where({ tenantId: ctx.principal.tenantId, mailboxId: mailboxId! })
    .select(...messageColumns, trx.raw(`${exactTimestampSql('received_at')} AS cursor_at`))
    .orderBy([
      { column: 'receivedAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1);
  if (input.folder !== undefined) query.where('folder', input.folder);
  if (input.customFolderId !== undefined) query.where('customFolderId', input.customFolderId);
  if (input.threadKey !== undefined) query.where('threadKey', input.threadKey);
  if (input.isRead !== undefined) query.where('isRead', input.isRead);
  if (input.isFlagged !== undefined) query.where('isFlagged', input.isFlagged);
  if (input.labels !== undefined && input.labels.length > 0) query.whereRaw('labels @> ?::text[]', [input.labels]);
  if (input.opportunityId !== undefined) query.where('opportunityId', input.opportunityId);
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw('(received_at, id) < (?::timestamptz, ?::uuid)', [c.at, c.id]);
  }
  const rows = (await query) as MessageRow[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt ?? '', r.id], presentMessage);
};
