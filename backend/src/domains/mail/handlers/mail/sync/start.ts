import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { buildMailboxStatus } from '#domains/mail/status/mailboxStatus';
import { findMailbox, requestSync, requireOwner } from '#domains/mail/mailboxes';

/** Starts the 90-day (or shorter) backfill and delta sync of a mailbox; a second start keeps the cursors. */
export const mailSyncStart: Handler<'mail.sync.start'> = async (input, ctx) => {
  const mailbox = await findMailbox(ctx, input.mailboxId, { forUpdate: true });
  requireOwner(ctx, mailbox);
  if (mailbox.status !== 'connected')
    throw new ApiError('mailbox_not_connected', `The mailbox is ${mailbox.status}; reconnect it first.`);
  const existing = mailbox.meta?.sync as { startedAt?: string } | undefined;
  const sync = {
    backfillDays: input.backfillDays,
    folders: input.folders ?? null,
    startedAt: existing?.startedAt ?? ctx.now.toISOString(),
  };
  const meta = { ...mailbox.meta, sync };
  await ctx
    .trx('mailboxAccounts')
    .where({ tenantId: ctx.principal.tenantId, id: mailbox.id })
    .update({ meta: JSON.stringify(meta), updatedAt: ctx.now });
  await ctx
    .trx('mailFolderSync')
    .where({ tenantId: ctx.principal.tenantId, mailboxId: mailbox.id })
    .update({ requestedAt: ctx.now });
  await ctx.audit({ targetType: 'mailbox', targetId: mailbox.id, before: { sync: existing ?? null }, after: { sync } });
  await requestSync(ctx, mailbox.id);
  return buildMailboxStatus(ctx.trx, ctx.principal.tenantId, { ...mailbox, meta }, ctx.now);
};
