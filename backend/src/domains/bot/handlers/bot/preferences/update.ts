import type { Handler } from '#http/types';
import { ApiError } from '#http/errors';
import {
  type BotPreferencesRow,
  DEFAULT_BOT_PREFERENCES,
  isInstalled,
  preferencesRow,
  preferencesTarget,
  presentBotPreferences,
} from '#domains/bot/preferences';

/**
 * Changes a user's bot preferences (the caller's own, or another user's with `user.manage`); fields left out keep
 * their value. The defaults are version 1, so the first save writes version 2, like every later save adds one.
 */
export const botPreferencesUpdate: Handler<'bot.preferences.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const target = await preferencesTarget(ctx, input.userId);
  const current = await preferencesRow(ctx.trx, tenantId, target.userId, { lock: true });
  const base = current ?? DEFAULT_BOT_PREFERENCES;
  if (input.expectedVersion !== undefined && input.expectedVersion !== base.version)
    throw new ApiError(
      'version_conflict',
      `The bot preferences are at version ${base.version}, not ${input.expectedVersion}`,
      { currentVersion: base.version },
    );
  const quiet =
    input.quietHours === undefined
      ? { quietStart: base.quietStart, quietEnd: base.quietEnd }
      : { quietStart: input.quietHours?.start ?? null, quietEnd: input.quietHours?.end ?? null };
  const values = {
    digest: input.digest ?? base.digest,
    ...quiet,
    slaReminders: input.slaReminders ?? base.slaReminders,
    nbaPrompts: input.nbaPrompts ?? base.nbaPrompts,
    version: base.version + 1,
    updatedAt: ctx.now,
  };
  // Insert-or-update in one statement: a first save racing another one becomes an update, never a unique error.
  const [row] = (await ctx
    .trx('botPreferences')
    .insert({ tenantId, userId: target.userId, createdAt: ctx.now, ...values })
    .onConflict(['tenantId', 'userId'])
    .merge(values)
    .returning('*')) as BotPreferencesRow[];
  const installed = await isInstalled(ctx.trx, tenantId, target.userId);
  const before = presentBotPreferences(current, target, installed);
  const after = presentBotPreferences(row!, target, installed);
  await ctx.audit({ targetType: 'bot_preferences', targetId: target.userId, before, after });
  return after;
};
