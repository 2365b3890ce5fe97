import { ApiError, notFound } from '#http/errors';
import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { presentShare, type MailboxAccountRow, type MailboxShareRow } from '#domains/mail/connect/presenters';
import { invalidUser } from '#domains/mail/connect/shares';

/** Shares the caller's mailbox with another internal user (read, or read and send); client roles are refused. */
export const mailboxShareCreate: Handler<'mailbox.share.create'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const mailbox = (await ctx.trx('mailboxAccounts').where({ tenantId, id: input.mailboxId }).first()) as
    MailboxAccountRow | undefined;
  if (!mailbox) throw notFound('Mailbox');
  if (mailbox.userId !== userId) throw new ApiError('not_owner', 'Only the mailbox owner can share it');
  if (input.userId === userId) throw invalidUser('a mailbox is always visible to its owner');
  const user = await ctx.trx('users').where({ tenantId, id: input.userId, active: true }).first();
  if (!user) throw invalidUser('no active user with this id');
  // Client roles never see mail: a user holding any client-confined role cannot receive a share.
  const confined = await ctx
    .trx('roleAssignments')
    .where({ tenantId, userId: input.userId })
    .whereNotNull('clientId')
    .first();
  if (confined) throw invalidUser('client users never see mail');
  const existing = await ctx
    .trx('mailboxShares')
    .where({ tenantId, mailboxId: mailbox.id, userId: input.userId })
    .whereNull('revokedAt')
    .first();
  if (existing) throw new ApiError('already_exists', 'The mailbox is already shared with this user');
  const [row] = (await ctx
    .trx('mailboxShares')
    .insert({
      tenantId,
      id: uuidv7(),
      mailboxId: mailbox.id,
      ownerId: mailbox.userId,
      userId: input.userId,
      access: input.access,
      createdBy: userId,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as MailboxShareRow[];
  const share = presentShare(row!);
  await ctx.audit({ targetType: 'mailboxShare', targetId: share.id, after: share });
  return share;
};
