import type { Knex } from 'knex';
import { rotateSigningKey, type KeyPurpose, type SigningRotation } from '#auth/signingKeys';
import { systemScope, withTenant } from '#db/tenantTx';
import { rewrapDataKeys, rotateDataKey } from './sealing';

/** What `pivotal key rotate` did for one tenant. */
export type RotationResult = { slug: string; dataKeyId: string; rewrapped: number };

/**
 * Rotates every tenant's data key (or one tenant's, by slug) and rewraps all its data keys under the current
 * master key, one transaction per tenant. Old blobs keep opening with their (now retired) data key.
 */
export async function rotateKeys(ownerKnex: Knex, slug?: string): Promise<RotationResult[]> {
  const query = ownerKnex('tenants').select('id', 'slug').orderBy('slug');
  const tenants = (await (slug ? query.where({ slug }) : query)) as { id: string; slug: string }[];
  if (slug && tenants.length === 0) throw new Error(`No tenant ${slug}`);
  const results: RotationResult[] = [];
  for (const t of tenants) {
    results.push(
      await withTenant(ownerKnex, systemScope(t.id), async (trx) => {
        const dataKeyId = await rotateDataKey(trx, t.id);
        return { slug: t.slug, dataKeyId, rewrapped: await rewrapDataKeys(trx, t.id) };
      }),
    );
  }
  return results;
}

/**
 * `pivotal key rotate --signing`: a new token-signing key for every purpose in use (embed tokens, and dev sign-in
 * tokens where the dev issuer ran). Tokens signed by the replaced keys keep verifying until they expire.
 */
export async function rotateSigningKeys(ownerKnex: Knex): Promise<SigningRotation[]> {
  const purposes = (await ownerKnex('signingKeys').distinct('purpose').orderBy('purpose')) as { purpose: KeyPurpose }[];
  const out: SigningRotation[] = [];
  for (const { purpose } of purposes) out.push(await rotateSigningKey(ownerKnex, purpose));
  return out;
}
