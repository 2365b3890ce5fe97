import type { OpContext } from '#http/types';
import { invalidReference } from '#http/errors';

/** What logging a synced email to a record takes from its message. */
export type LoggedMessage = {
  id: string;
  subject: string | null;
  snippet: string | null;
  receivedAt: Date;
  direction: 'in' | 'out' | null;
};

/**
 * The caller's own synced message, for `engagement.log { messageId }`, or a 422 at `messageId`. Only the mailbox
 * owner may log (share) an email: a user the mailbox is shared with reads it (RLS lets them) but may not publish it,
 * and a caller without a user (an API key) or confined to clients has no mailbox.
 */
export async function findOwnMessage(ctx: OpContext, id: string): Promise<LoggedMessage> {
  const { tenantId, userId, clientIds } = ctx.principal;
  const row =
    userId === null || clientIds !== null
      ? undefined
      : ((await ctx
          .trx('messageIndex')
          .where({ tenantId, id, userId })
          .first('id', 'subject', 'snippet', 'receivedAt', 'direction')) as LoggedMessage | undefined);
  if (!row) throw invalidReference('messageId', 'no such message in your mailbox');
  return row;
}
