import type { Handler } from '#http/types';
import { isInstalled, preferencesRow, preferencesTarget, presentBotPreferences } from '#domains/bot/preferences';

/** A user's bot preferences (the caller's own, or another user's with `user.manage`): the defaults until saved. */
export const botPreferencesGet: Handler<'bot.preferences.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const target = await preferencesTarget(ctx, input.userId);
  const row = await preferencesRow(ctx.trx, tenantId, target.userId);
  return presentBotPreferences(row, target, await isInstalled(ctx.trx, tenantId, target.userId));
};
