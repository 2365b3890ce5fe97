import type { MessageIndex } from '@pivotal-pm/sdk';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** The `message_index` columns a message DTO needs (not the tsvector or the generated address text). */
export type MessageIndexRow = {
  tenantId: string;
  id: string;
  mailboxId: string;
  userId: string;
  externalId: string;
  folder: MessageIndex['folder'];
  fromAddress: string | null;
  toAddresses: string[];
  ccAddresses: string[];
  subject: string | null;
  snippet: string | null;
  hasAttachments: boolean;
  receivedAt: Date;
  isRead: boolean;
  isReplied: boolean;
  isFlagged: boolean;
  threadKey: string | null;
  labels: string[];
  bodyPointer: string | null;
  opportunityId: string | null;
  internetMessageId: string | null;
  createdAt: Date;
  updatedAt: Date;
};

/** A `message_index` row (with the exact receipt time the keyset cursor needs). */
export type MessageRow = MessageIndexRow & { cursorAt?: string };

/** The columns a message DTO needs (not the tsvector or the generated address text). */
export const messageIndexColumns = tableColumns<MessageIndexRow>()(
  'message_index',
  [
    'tenantId',
    'id',
    'mailboxId',
    'userId',
    'externalId',
    'folder',
    'fromAddress',
    'toAddresses',
    'ccAddresses',
    'subject',
    'snippet',
    'hasAttachments',
    'receivedAt',
    'isRead',
    'isReplied',
    'isFlagged',
    'threadKey',
    'labels',
    'bodyPointer',
    'opportunityId',
    'internetMessageId',
    'createdAt',
    'updatedAt',
  ],
  false,
);

/** The same columns, qualified, to select. */
export const messageColumns = messageIndexColumns.columns.map(
  (c) => `message_index.${c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`)}`,
);

/** A message row as the `MessageIndex` DTO (metadata only, never the body). */
export function presentMessage(row: MessageRow): MessageIndex {
  return {
    id: row.id,
    tenantId: row.tenantId,
    mailboxId: row.mailboxId,
    externalId: row.externalId,
    folder: row.folder,
    from: row.fromAddress ?? '',
    to: row.toAddresses,
    cc: row.ccAddresses,
    subject: row.subject ?? '',
    snippet: row.snippet ?? '',
    hasAttachments: row.hasAttachments,
    receivedAt: isoRequired(row.receivedAt),
    isRead: row.isRead,
    isReplied: row.isReplied,
    isFlagged: row.isFlagged,
    threadKey: row.threadKey ?? '',
    labels: row.labels,
    bodyPointer: row.bodyPointer ?? '',
    opportunityId: row.opportunityId,
    internetMessageId: row.internetMessageId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}

/**
 * The mailboxes the caller may read, own first. Mailbox privacy is row-level security on `mailbox_accounts`
 * (owner only; shares widen that policy), so this reads what the policy lets through and never decides
 * visibility itself. Client-confined callers see none (the policy hides every mailbox from them).
 */
export async function visibleMailboxes(ctx: OpContext): Promise<{ id: string; userId: string }[]> {
  if (ctx.principal.clientIds !== null) return [];
  return (await ctx
    .trx('mailboxAccounts')
    .where({ tenantId: ctx.principal.tenantId })
    .orderByRaw('user_id = ? desc, id', [ctx.principal.userId])
    .select('id', 'userId')) as { id: string; userId: string }[];
}

/**
 * The mailboxes an operation reads: the one asked for (404 when the caller may not read it), or by default
 * the caller's own (`own`) or every visible one (`all`); 409 mailbox_not_connected when that leaves none.
 */
export async function targetMailboxes(
  ctx: OpContext,
  mailboxId: string | undefined,
  fallback: 'own' | 'all',
): Promise<string[]> {
  const visible = await visibleMailboxes(ctx);
  if (mailboxId !== undefined) {
    if (!visible.some((m) => m.id === mailboxId)) throw notFound('Mailbox');
    return [mailboxId];
  }
  const chosen = fallback === 'own' ? visible.filter((m) => m.userId === ctx.principal.userId) : visible;
  if (chosen.length === 0)
    throw new ApiError(
      'mailbox_not_connected',
      'No mailbox is connected for you: connect Office 365 first (mailbox.connectO365)',
    );
  return chosen.map((m) => m.id);
}
