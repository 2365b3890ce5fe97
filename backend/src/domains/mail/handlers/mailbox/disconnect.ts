import { ApiError, notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentMailbox, type MailboxAccountRow } from '#domains/mail/connect/presenters';
import { deleteGraphSubscriptions, purgeMailboxSecrets } from '#domains/mail/connect/purge';

/**
 * Disconnects a mailbox (the caller's own by default): the sealed token cache is destroyed (no token is left to
 * refresh with), its subscriptions and cached bodies are deleted, and its status becomes `revoked`.
 */
export const mailboxDisconnect: Handler<'mailbox.disconnect'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  // Before the row is locked (token acquisition locks it too): Graph subscriptions are deleted while a token exists.
  await deleteGraphSubscriptions(ctx, input.mailboxId);
  const query = ctx.trx('mailboxAccounts').where({ tenantId, provider: 'o365' }).forUpdate();
  const row = (await (input.mailboxId ? query.where({ id: input.mailboxId }) : query.where({ userId })).first()) as
    MailboxAccountRow | undefined;
  if (!row) throw notFound('Mailbox');
  // A share shows the mailbox, but only its owner may disconnect it.
  if (row.userId !== userId) throw new ApiError('not_owner', 'Only the mailbox owner can disconnect it');
  if (row.status === 'revoked' && row.encryptedTokens === null)
    throw new ApiError('mailbox_not_connected', 'The mailbox is already disconnected');
  const meta = await purgeMailboxSecrets(ctx.trx, tenantId, row.id, row.meta);
  const [updated] = (await ctx
    .trx('mailboxAccounts')
    .where({ tenantId, id: row.id })
    .update({
      status: 'revoked',
      encryptedTokens: null,
      meta: JSON.stringify({ ...meta, disconnectedAt: ctx.now.toISOString() }),
      version: row.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as MailboxAccountRow[];
  const after = presentMailbox(updated!);
  await ctx.audit({ targetType: 'mailbox', targetId: row.id, before: presentMailbox(row), after });
  return after;
};
