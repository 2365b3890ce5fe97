import { ApiError, notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentShare, type MailboxShareRow } from '#domains/mail/connect/presenters';

/** Revokes a share of the caller's mailbox (idempotent: a revoked share is answered as it is). */
export const mailboxShareRevoke: Handler<'mailbox.share.revoke'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const row = (await ctx.trx('mailboxShares').where({ tenantId, id: input.id }).forUpdate().first()) as
    MailboxShareRow | undefined;
  if (!row) throw notFound('Mailbox share');
  if (row.ownerId !== userId) throw new ApiError('not_owner', 'Only the mailbox owner can revoke its shares');
  if (row.revokedAt) return presentShare(row);
  const [updated] = (await ctx
    .trx('mailboxShares')
    .where({ tenantId, id: row.id })
    .update({ revokedAt: ctx.now, updatedAt: ctx.now })
    .returning('*')) as MailboxShareRow[];
  const share = presentShare(updated!);
  await ctx.audit({ targetType: 'mailboxShare', targetId: share.id, before: presentShare(row), after: share });
  return share;
};
