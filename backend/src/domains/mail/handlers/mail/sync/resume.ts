import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { buildMailboxStatus } from '#domains/mail/status/mailboxStatus';
import { findMailbox, requestSync, requireOwner } from '#domains/mail/mailboxes';

/** Resumes a failed, throttled or stalled sync from the saved cursors (nothing is re-read that was saved). */
export const mailSyncResume: Handler<'mail.sync.resume'> = async (input, ctx) => {
  const mailbox = await findMailbox(ctx, input.mailboxId, { forUpdate: true });
  requireOwner(ctx, mailbox);
  if (mailbox.status !== 'connected')
    throw new ApiError('mailbox_not_connected', `The mailbox is ${mailbox.status}; reconnect it first.`);
  if (!mailbox.meta?.sync)
    throw new ApiError('invalid_state', 'The sync of this mailbox was never started; use mail.sync.start.');
  await ctx
    .trx('mailFolderSync')
    .where({ tenantId: ctx.principal.tenantId, mailboxId: mailbox.id })
    .update({ requestedAt: ctx.now, consecutiveFailures: 0, throttledUntil: null, enabled: true, updatedAt: ctx.now });
  await ctx.audit({ targetType: 'mailbox', targetId: mailbox.id, after: { resumedAt: ctx.now.toISOString() } });
  await requestSync(ctx, mailbox.id);
  return buildMailboxStatus(ctx.trx, ctx.principal.tenantId, mailbox, ctx.now);
};
