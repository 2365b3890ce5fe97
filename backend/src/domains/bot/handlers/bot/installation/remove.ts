import type { Handler } from '#http/types';
import { installingUser } from '#domains/bot/installation';

/** Forgets the caller's personal chat with the bot; removing what is not there is no error (idempotent). */
export const botInstallationRemove: Handler<'bot.installation.remove'> = async (_input, ctx) => {
  const userId = installingUser(ctx);
  const removed = (await ctx
    .trx('botConversations')
    .where({ tenantId: ctx.principal.tenantId, userId })
    .delete()
    .returning(['conversationId', 'serviceUrl'])) as { conversationId: string; serviceUrl: string }[];
  // Nothing removed, nothing changed: no audit row for a repeated uninstall.
  if (removed[0]) await ctx.audit({ targetType: 'bot_conversation', targetId: userId, before: removed[0] });
  return { installed: false };
};
