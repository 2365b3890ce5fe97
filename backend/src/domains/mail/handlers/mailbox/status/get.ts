import type { Handler } from '#http/types';
import { buildMailboxStatus } from '#domains/mail/status/mailboxStatus';
import { findMailbox, requireOwner } from '#domains/mail/mailboxes';

/** Answers a mailbox's sync health per folder (stalls are computed from timestamps at read time). */
export const mailboxStatusGet: Handler<'mailbox.status.get'> = async (input, ctx) => {
  const mailbox = await findMailbox(ctx, input.mailboxId);
  requireOwner(ctx, mailbox);
  return buildMailboxStatus(ctx.trx, ctx.principal.tenantId, mailbox, ctx.now);
};
