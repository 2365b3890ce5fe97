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

/**
 * The caller's own synced copy of an email by its `internetMessageId` (`engagement.log { internetMessageId }`), or
 * null when Pivotal has not synced it; a 422 at `internetMessageId` for a caller without a mailbox (an API key, a
 * client scope).
 */
export async function findOwnMessageByInternetId(
  ctx: OpContext,
  internetMessageId: string,
): Promise<LoggedMessage | null> {
  const { tenantId, userId, clientIds } = ctx.principal;
  if (userId === null || clientIds !== null) {
    throw invalidReference('internetMessageId', 'an email is logged by the user whose mailbox holds it');
  }
  const row = (await ctx
    .trx('messageIndex')
    .where({ tenantId, internetMessageId, userId })
    .orderBy('receivedAt', 'desc')
    .first('id', 'subject', 'snippet', 'receivedAt', 'direction')) as LoggedMessage | undefined;
  return row ?? null;
}

/** Where an email logged before sync went: its engagement, by user and `internetMessageId`. */
export type LoggedMessageClaim = { engagementId: string; engagementOccurredAt: Date };

/**
 * Claims an unsynced email for the engagement about to be made (`id`, `occurredAt`): null when this is the first
 * log of it, else the engagement an earlier log made (a concurrent second log waits for the first to commit).
 */
export async function claimLoggedMessage(
  ctx: OpContext,
  internetMessageId: string,
  id: string,
  occurredAt: Date,
): Promise<LoggedMessageClaim | null> {
  const { tenantId, userId } = ctx.principal;
  const inserted = (await ctx
    .trx('loggedMessages')
    .insert({ tenantId, userId, internetMessageId, engagementId: id, engagementOccurredAt: occurredAt })
    .onConflict(['tenantId', 'userId', 'internetMessageId'])
    .ignore()
    .returning('engagementId')) as { engagementId: string }[];
  if (inserted.length > 0) return null;
  return (await ctx
    .trx('loggedMessages')
    .where({ tenantId, userId, internetMessageId })
    .first('engagementId', 'engagementOccurredAt')) as LoggedMessageClaim;
}
