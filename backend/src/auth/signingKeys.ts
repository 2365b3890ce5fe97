import { randomBytes } from 'node:crypto';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type CryptoKey,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import type { Knex } from 'knex';
import { masterKeyIdOf, openWithMaster, sealWithMaster } from '#security/masterSealing';
import { masterKeyring } from '#security/masterKeys';

/** Which tokens a key signs: dev-issuer sign-in tokens or embed tokens. */
export type KeyPurpose = 'dev' | 'embed';

/** A signing key ready for use. */
export type SigningKey = { kid: string; alg: 'ES256'; privateKey: CryptoKey; publicJwk: JWK };

/**
 * How long a key replaced by a rotation still verifies the tokens it signed: longer than any of them lives (embed
 * tokens 1 h at most, dev sign-in tokens 24 h). After that its tokens are refused and the next rotation deletes it.
 */
export const RETIRED_KEY_GRACE_MS = 24 * 3600 * 1000;

type Row = { kid: string; privateSealed: Buffer; publicJwk: JWK; purpose: KeyPurpose; retiredAt: Date | null };

/** The additional data of a sealed private key: a blob moved to another key's row does not open. */
export const signingKeyLabel = (kid: string) => `signing-key:${kid}`;

async function insertKey(db: Knex, purpose: KeyPurpose): Promise<string> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `${purpose}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  // The private key (with its `d`) exists in the database only sealed under the master key.
  const privateSealed = await sealWithMaster(
    signingKeyLabel(kid),
    JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }),
  );
  await db('signingKeys').insert({ kid, alg: 'ES256', privateSealed, publicJwk, purpose });
  return kid;
}

/** Creates the purpose's key pair when it has no active key (owner connection: the app role can only read keys). */
export async function ensureSigningKey(ownerKnex: Knex, purpose: KeyPurpose): Promise<void> {
  await ownerKnex.transaction(async (trx) => {
    // Concurrent start-ups (API, CLI) agree on one key.
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('pivotal.signingKeys'))`);
    if (!(await trx('signingKeys').where({ purpose }).whereNull('retiredAt').first('kid')))
      await insertKey(trx, purpose);
  });
}

/** What a signing key rotation did for one purpose. */
export type SigningRotation = { purpose: KeyPurpose; kid: string; retired: string[]; deleted: string[] };

/**
 * Makes a new active key for the purpose. The keys it replaces stop signing but keep verifying for
 * `RETIRED_KEY_GRACE_MS`; keys retired longer ago than that are deleted. Running processes sign with the key they
 * loaded at start-up until restarted, and verify tokens of the new key as soon as they see its `kid`.
 */
export async function rotateSigningKey(
  ownerKnex: Knex,
  purpose: KeyPurpose,
  now = new Date(),
): Promise<SigningRotation> {
  return ownerKnex.transaction(async (trx) => {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext('pivotal.signingKeys'))`);
    const retired = (await trx('signingKeys')
      .where({ purpose })
      .whereNull('retiredAt')
      .update({ retiredAt: now })
      .returning('kid')) as { kid: string }[];
    const deleted = (await trx('signingKeys')
      .where({ purpose })
      .where('retiredAt', '<', new Date(now.getTime() - RETIRED_KEY_GRACE_MS))
      .delete()
      .returning('kid')) as { kid: string }[];
    const kid = await insertKey(trx, purpose);
    return { purpose, kid, retired: retired.map((r) => r.kid), deleted: deleted.map((r) => r.kid) };
  });
}

/** Reseals every private key sealed under a master key other than the current one (after a master key rotation). */
export async function resealSigningKeys(ownerKnex: Knex): Promise<number> {
  const { current } = await masterKeyring();
  const rows = (await ownerKnex('signingKeys').select('kid', 'privateSealed')) as Pick<Row, 'kid' | 'privateSealed'>[];
  let resealed = 0;
  for (const row of rows) {
    if (masterKeyIdOf(row.privateSealed) === current.id) continue;
    const label = signingKeyLabel(row.kid);
    await ownerKnex('signingKeys')
      .where({ kid: row.kid })
      .update({ privateSealed: await sealWithMaster(label, await openWithMaster(label, row.privateSealed)) });
    resealed += 1;
  }
  return resealed;
}

/** Loads the purpose's active key (the newest one not retired); throws when `ensureSigningKey` has not run. */
export async function loadSigningKey(knex: Knex, purpose: KeyPurpose): Promise<SigningKey> {
  const row = (await knex('signingKeys')
    .where({ purpose })
    .whereNull('retiredAt')
    .orderBy('createdAt', 'desc')
    .first()) as Row | undefined;
  if (!row) throw new Error(`No ${purpose} signing key: run \`npm run pivotal -- migrate\` first`);
  const privateJwk = JSON.parse(
    (await openWithMaster(signingKeyLabel(row.kid), row.privateSealed)).toString('utf8'),
  ) as JWK;
  const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  return { kid: row.kid, alg: 'ES256', privateKey, publicJwk: row.publicJwk };
}

/** Public keys that verify tokens of a purpose (a JWKS): the active key and those retired less than the grace ago. */
export async function loadPublicJwks(knex: Knex, purpose: KeyPurpose, now = new Date()): Promise<{ keys: JWK[] }> {
  const rows = (await knex('signingKeys')
    .where({ purpose })
    .where((q) => q.whereNull('retiredAt').orWhere('retiredAt', '>', new Date(now.getTime() - RETIRED_KEY_GRACE_MS)))
    .select('publicJwk')) as Pick<Row, 'publicJwk'>[];
  return { keys: rows.map((r) => r.publicJwk) };
}

/**
 * A verification key set read from the database: refreshed every `ttlMs`, and at once (at most every few seconds)
 * when a token names a `kid` it does not know, so tokens signed by a key another process rotated in verify here too.
 */
export function signingKeySet(knex: Knex, purpose: KeyPurpose, ttlMs = 60_000): JWTVerifyGetKey {
  type Loaded = { verify: ReturnType<typeof createLocalJWKSet>; kids: Set<string | undefined>; at: number };
  let current: Loaded | null = null;
  let pending: Promise<Loaded> | null = null;
  let lastMiss = 0;
  // One read at a time; a failed refresh keeps the keys already known (a database hiccup does not fail sign-ins).
  const refresh = async (): Promise<Loaded> => {
    pending ??= loadPublicJwks(knex, purpose)
      .then(
        ({ keys }) =>
          (current = { verify: createLocalJWKSet({ keys }), kids: new Set(keys.map((k) => k.kid)), at: Date.now() }),
      )
      .finally(() => {
        pending = null;
      });
    try {
      return await pending;
    } catch (error) {
      if (!current) throw error;
      // Try again in 5 seconds rather than on every request.
      current = { ...current, at: Date.now() - ttlMs + 5_000 };
      return current;
    }
  };
  return async (header, token) => {
    let keys = current && Date.now() - current.at <= ttlMs ? current : await refresh();
    if (header.kid && !keys.kids.has(header.kid) && Date.now() - lastMiss > 5_000) {
      lastMiss = Date.now();
      keys = await refresh();
    }
    return keys.verify(header, token);
  };
}
