import type { Handler } from '#http/types';
import { ApiError, invalidField } from '#http/errors';
import { installingUser } from '#domains/bot/installation';

/**
 * Stores (or replaces) the caller's personal chat with the bot, so proactive cards can reach them; the reference
 * must name the user's Entra object id (their own: another account's is refused), which is how the bot knows who it
 * talks to. Cards that were waiting for the install are brought forward.
 */
export const botInstallationSave: Handler<'bot.installation.save'> = async (input, ctx) => {
  const userId = installingUser(ctx);
  const { reference } = input;
  const aadObjectId = reference.user.aadObjectId;
  if (!aadObjectId) throw invalidField('reference.user.aadObjectId', "the user's Entra object id is required");
  const user = (await ctx
    .trx('users')
    .where({ tenantId: ctx.principal.tenantId, id: userId })
    .first('entraObjectId')) as { entraObjectId: string | null } | undefined;
  if (user?.entraObjectId && user.entraObjectId !== aadObjectId)
    throw new ApiError('forbidden', "This chat belongs to another Microsoft 365 account than the caller's");
  const values = {
    aadObjectId,
    conversationId: reference.conversation.id,
    serviceUrl: reference.serviceUrl,
    reference: JSON.stringify(reference),
    installedAt: ctx.now,
    updatedAt: ctx.now,
  };
  const tenantId = ctx.principal.tenantId;
  const before = (await ctx.trx('botConversations').where({ tenantId, userId }).first('conversationId')) as
    { conversationId: string } | undefined;
  await ctx
    .trx('botConversations')
    .insert({ tenantId, userId, createdAt: ctx.now, ...values })
    .onConflict(['tenantId', 'userId'])
    .merge(values);
  // Cards that waited for the install go out with the next delivery.
  await ctx
    .trx('botNotifications')
    .where({ tenantId, userId, status: 'pending', lastError: 'not installed yet' })
    .update({ notBefore: ctx.now, lastError: null, updatedAt: ctx.now });
  await ctx.audit({
    targetType: 'bot_conversation',
    targetId: userId,
    before: before ?? null,
    after: { conversationId: values.conversationId, serviceUrl: values.serviceUrl },
  });
  return { installed: true };
};
