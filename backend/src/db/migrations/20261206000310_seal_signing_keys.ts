import type { Knex } from 'knex';
import { openWithMaster, sealWithMaster } from '#security/masterSealing';
import { signingKeyLabel } from '#auth/signingKeys';

/**
 * The token-signing private keys (`signing_keys.private_jwk`) were readable in clear by anyone who could read the
 * table, the app role included: enough to mint an admin token for any tenant. They move to `private_sealed`
 * (AES-256-GCM directly under the master key, `backend/src/security/masterSealing.ts`); public keys stay in clear.
 * `retired_at` marks a key replaced by `pivotal key rotate --signing` (it still verifies for a grace period).
 * Needs the master key (`PIVOTAL_MASTER_KEY`), like the other sealing migrations.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE signing_keys ADD COLUMN private_sealed bytea, ADD COLUMN retired_at timestamptz');
  const rows = (await knex.raw('SELECT kid, private_jwk FROM signing_keys')).rows as {
    kid: string;
    private_jwk: object;
  }[];
  for (const row of rows) {
    const sealed = await sealWithMaster(signingKeyLabel(row.kid), JSON.stringify(row.private_jwk));
    await knex.raw('UPDATE signing_keys SET private_sealed = ? WHERE kid = ?', [sealed, row.kid]);
  }
  await knex.raw('ALTER TABLE signing_keys ALTER COLUMN private_sealed SET NOT NULL, DROP COLUMN private_jwk');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE signing_keys ADD COLUMN private_jwk jsonb');
  const rows = (await knex.raw('SELECT kid, private_sealed FROM signing_keys')).rows as {
    kid: string;
    private_sealed: Buffer;
  }[];
  for (const row of rows) {
    const jwk = (await openWithMaster(signingKeyLabel(row.kid), row.private_sealed)).toString('utf8');
    await knex.raw('UPDATE signing_keys SET private_jwk = ?::jsonb WHERE kid = ?', [jwk, row.kid]);
  }
  await knex.raw(
    'ALTER TABLE signing_keys ALTER COLUMN private_jwk SET NOT NULL, DROP COLUMN private_sealed, DROP COLUMN retired_at',
  );
}
