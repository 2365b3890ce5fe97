import type { Knex } from 'knex';
import { openText, seal } from '#security/sealing';
import { ApiError } from '#http/errors';
import { TelephonyError, type TelephonyProvider } from '#integrations/telephony/port';

/**
 * The user's identity at a provider (an ACS user id), made on first use and kept sealed: one per user and provider.
 * Two first uses at once both ask the provider; the first row written wins and the other identity is never used.
 */
export async function providerIdentity(
  trx: Knex.Transaction,
  tenantId: string,
  userId: string,
  provider: TelephonyProvider,
): Promise<string> {
  const key = { tenantId, userId, provider: provider.name };
  const found = (await trx('callIdentities').where(key).first('identitySealed')) as
    { identitySealed: Buffer } | undefined;
  if (found) return openText(trx, tenantId, found.identitySealed);
  const identity = await telephony(() => provider.ensureIdentity(null));
  const inserted = (await trx('callIdentities')
    .insert({ ...key, identitySealed: await seal(trx, tenantId, identity) })
    .onConflict(['tenantId', 'userId', 'provider'])
    .ignore()
    .returning('userId')) as unknown[];
  if (inserted.length > 0) return identity;
  const winner = (await trx('callIdentities').where(key).first('identitySealed')) as { identitySealed: Buffer };
  return openText(trx, tenantId, winner.identitySealed);
}

/** Runs a provider request for an operation: a provider failure answers 502 `upstream_failed`, naming its status. */
export async function telephony<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof TelephonyError)
      throw new ApiError(
        'upstream_failed',
        `The telephony provider answered ${error.status ?? 'no status'}${error.code ? ` ${error.code}` : ''}`,
      );
    throw error;
  }
}
