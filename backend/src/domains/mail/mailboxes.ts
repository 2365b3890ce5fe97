import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { tableColumns } from '#db/tableColumns';

/** A mailbox row as the sync operations read it. */
export type MailboxRow = {
  id: string;
  userId: string;
  status: 'connected' | 'revoked' | 'error';
  connectedAt: Date | null;
  lastSyncAt: Date | null;
  meta: Record<string, unknown>;
};
/** The columns of `MailboxRow` (`mailbox_accounts`). */
export const mailboxColumns = tableColumns<MailboxRow>()(
  'mailbox_accounts',
  ['id', 'userId', 'status', 'connectedAt', 'lastSyncAt', 'meta'],
  false,
);

/**
 * The mailbox an operation addresses: `mailboxId`, or the caller's own. Mailbox privacy (RLS) hides other
 * users' mailboxes unless shared, so another user's or another tenant's id is a 404.
 */
export async function findMailbox(
  ctx: OpContext,
  mailboxId: string | undefined,
  options: { forUpdate?: boolean } = {},
): Promise<MailboxRow> {
  const query = ctx.trx('mailboxAccounts').where({ tenantId: ctx.principal.tenantId });
  if (mailboxId) query.where({ id: mailboxId });
  else query.where({ userId: ctx.principal.userId });
  if (options.forUpdate) query.forUpdate();
  const row = (await query.first('id', 'userId', 'status', 'connectedAt', 'lastSyncAt', 'meta')) as
    MailboxRow | undefined;
  if (!row && !mailboxId)
    throw new ApiError('mailbox_not_connected', 'You have no connected mailbox; connect one with mailbox.connectO365.');
  if (!row) throw notFound('Mailbox');
  return row;
}

/** Only the owner manages a mailbox's sync (a share lets others read, not run it). */
export function requireOwner(ctx: OpContext, mailbox: MailboxRow): void {
  if (mailbox.userId !== ctx.principal.userId)
    throw new ApiError('not_owner', 'Only the mailbox owner can manage its sync.');
}

/** Asks the workers to sync a mailbox now (the notification is delivered when the transaction commits). */
export async function requestSync(ctx: OpContext, mailboxId: string): Promise<void> {
  await ctx.trx.raw('select pg_notify(?, ?)', [
    MAIL_SYNC_CHANNEL,
    JSON.stringify({ tenantId: ctx.principal.tenantId, mailboxId }),
  ]);
}

/** The Postgres channel the API and webhook route notify to get a mailbox synced now. */
export const MAIL_SYNC_CHANNEL = 'pivotal_mail_sync';
