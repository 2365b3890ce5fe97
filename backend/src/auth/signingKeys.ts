import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { Knex } from 'knex';

/** Which tokens a key signs: dev-issuer sign-in tokens or embed tokens. */
export type KeyPurpose = 'dev' | 'embed';

/** A signing key ready for use. */
export type SigningKey = { kid: string; alg: 'ES256'; privateKey: CryptoKey; publicJwk: JWK };

type Row = { kid: string; alg: string; privateJwk: JWK; publicJwk: JWK; purpose: KeyPurpose };

/** Creates the purpose's key pair when none exists yet (owner connection: the app role can only read keys). */
export async function ensureSigningKey(ownerKnex: Knex, purpose: KeyPurpose): Promise<void> {
  const existing = await ownerKnex('signingKeys').where({ purpose }).first();
  if (existing) return;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${purpose}-${Date.now().toString(36)}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
  await ownerKnex('signingKeys')
    .insert({ kid, alg: 'ES256', privateJwk, publicJwk, purpose })
    .onConflict('kid')
    .ignore();
}

/** Loads the newest key of a purpose; throws when `ensureSigningKey` has not run. */
export async function loadSigningKey(knex: Knex, purpose: KeyPurpose): Promise<SigningKey> {
  const row = (await knex('signingKeys').where({ purpose }).orderBy('createdAt', 'desc').first()) as Row | undefined;
  if (!row) throw new Error(`No ${purpose} signing key: run \`npm run pivotal -- migrate\` first`);
  const privateKey = (await importJWK(row.privateJwk, 'ES256')) as CryptoKey;
  return { kid: row.kid, alg: 'ES256', privateKey, publicJwk: row.publicJwk };
}

/** Public keys of every key of a purpose, for verification (a JWKS). */
export async function loadPublicJwks(knex: Knex, purpose: KeyPurpose): Promise<{ keys: JWK[] }> {
  const rows = (await knex('signingKeys').where({ purpose }).select('publicJwk')) as Pick<Row, 'publicJwk'>[];
  return { keys: rows.map((r) => r.publicJwk) };
}
