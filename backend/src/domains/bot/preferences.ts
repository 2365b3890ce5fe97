import type { BotPreferences } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { tableColumns } from '#db/tableColumns';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';

/** A `bot_preferences` row as knex returns it (camelCase; `time` columns come back as `HH:MM:SS`). */
export type BotPreferencesRow = {
  tenantId: string;
  userId: string;
  digest: BotPreferences['digest'];
  quietStart: string | null;
  quietEnd: string | null;
  slaReminders: boolean;
  nbaPrompts: boolean;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `BotPreferencesRow` (`bot_preferences`). */
export const botPreferencesColumns = tableColumns<BotPreferencesRow>()('bot_preferences', [
  'tenantId',
  'userId',
  'digest',
  'quietStart',
  'quietEnd',
  'slaReminders',
  'nbaPrompts',
  'version',
  'createdAt',
  'updatedAt',
]);

/** What a user who never saved preferences gets (the column defaults); never saved is version 1. */
export const DEFAULT_BOT_PREFERENCES = {
  digest: 'daily',
  quietStart: null,
  quietEnd: null,
  slaReminders: true,
  nbaPrompts: true,
  version: 1,
} as const satisfies Partial<BotPreferencesRow>;

/** The user whose preferences are asked for, with what the DTO needs beside the preferences row. */
export type PreferencesTarget = { userId: string; timeZone: string };

/**
 * The user whose bot preferences the caller acts on: themselves, or another user of the tenant (visible to the
 * caller, else 404) when the caller may manage users (else 403).
 */
export async function preferencesTarget(ctx: OpContext, userId: string | undefined): Promise<PreferencesTarget> {
  const self = ctx.principal.userId;
  const id = userId ?? self;
  if (!id) throw new ApiError('forbidden', `${ctx.operationId} needs a signed-in user or a userId`);
  const query = ctx
    .trx('users as u')
    .where({ 'u.tenantId': ctx.principal.tenantId, 'u.id': id })
    .first('u.id as userId', 'u.timeZone');
  const scope = ctx.principal.clientIds;
  // A client-confined caller sees only the users holding a role on one of its clients.
  if (scope !== null && id !== self)
    void query.whereExists((sub) =>
      sub
        .select(1)
        .from('roleAssignments as r')
        .whereRaw('r.tenant_id = u.tenant_id AND r.user_id = u.id')
        .whereIn('r.clientId', scope),
    );
  const target = (await query) as PreferencesTarget | undefined;
  if (!target) throw notFound('User');
  if (id !== self && !ctx.can('user.manage'))
    throw new ApiError('forbidden', "Reading or changing another user's bot preferences needs user.manage");
  return target;
}

/** The user's stored preferences row (locked when asked), or null while they use the defaults. */
export async function preferencesRow(
  trx: Knex.Transaction,
  tenantId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<BotPreferencesRow | null> {
  const query = trx('botPreferences').where({ tenantId, userId }).first();
  if (options.lock) void query.forUpdate();
  return ((await query) as BotPreferencesRow | undefined) ?? null;
}

/** Whether the user installed the bot in their personal chat. */
export async function isInstalled(trx: Knex.Transaction, tenantId: string, userId: string): Promise<boolean> {
  return (await trx('botConversations').where({ tenantId, userId }).first('userId')) !== undefined;
}

/** `HH:MM:SS` (a Postgres `time`) as `HH:mm`. */
const hhmm = (time: string): string => time.slice(0, 5);

/** BotPreferences DTO of a stored row, or of the defaults when there is none. */
export function presentBotPreferences(
  row: BotPreferencesRow | null,
  target: PreferencesTarget,
  installed: boolean,
): BotPreferences {
  const p = row ?? DEFAULT_BOT_PREFERENCES;
  return {
    userId: target.userId,
    digest: p.digest,
    quietHours:
      p.quietStart !== null && p.quietEnd !== null ? { start: hhmm(p.quietStart), end: hhmm(p.quietEnd) } : null,
    slaReminders: p.slaReminders,
    nbaPrompts: p.nbaPrompts,
    installed,
    timeZone: target.timeZone,
    version: p.version,
  };
}
