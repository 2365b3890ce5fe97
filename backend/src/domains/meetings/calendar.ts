import type { MailboxRef } from '#integrations/graph/mailboxAccess';
import type { EventInput } from '#integrations/graph/adapter/index';
import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';
import { graph } from '#domains/mail/messageOps';

/** The organizer's connected mailbox (the caller's own) as Graph addresses it, and their time zone. */
export async function organizerMailbox(ctx: OpContext): Promise<{ ref: MailboxRef; timeZone: string }> {
  const { tenantId, userId } = ctx.principal;
  const row = (await ctx
    .trx('mailboxAccounts as m')
    .join('users as u', function join() {
      this.on('u.tenantId', 'm.tenantId').andOn('u.id', 'm.userId');
    })
    .where({ 'm.tenantId': tenantId, 'm.userId': userId, 'm.status': 'connected' })
    .first('m.id', 'm.address', 'm.meta', 'u.email', 'u.timeZone')) as
    { id: string; address: string | null; meta: Record<string, unknown>; email: string; timeZone: string } | undefined;
  if (!row)
    throw new ApiError(
      'mailbox_not_connected',
      'No mailbox is connected for you: connect Office 365 first (mailbox.connectO365)',
    );
  const address = row.address ?? (typeof row.meta?.address === 'string' ? row.meta.address : row.email);
  return { ref: { tenantId, mailboxId: row.id, address }, timeZone: row.timeZone };
}

/** Books the event through Graph (errors as the mail operations map them: 409 consent gone, 502 otherwise). */
export function bookEvent(ref: MailboxRef, event: EventInput) {
  return graph((adapter) => adapter.createEvent(ref, event));
}
