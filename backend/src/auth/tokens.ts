import { SignJWT, createLocalJWKSet, type JWK } from 'jose';
import { uuidv7 } from '#db/ids';
import type { SigningKey } from './signingKeys';

/** Issuer and audience of tokens the server signs itself. */
export const DEV_ISSUER = 'pivotal-dev';
export const EMBED_ISSUER = 'pivotal-embed';
export const PIVOTAL_AUDIENCE = 'pivotal-api';

/** Mints a dev-issuer token for a user, shaped like an Entra access token (`tid`, `oid`). */
export async function signDevToken(
  key: SigningKey,
  claims: { tid: string; oid: string; email: string; name: string },
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({
    tid: claims.tid,
    oid: claims.oid,
    preferred_username: claims.email,
    name: claims.name,
    ver: '2.0',
  })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(PIVOTAL_AUDIENCE)
    .setSubject(claims.oid)
    .setIssuedAt()
    .setJti(uuidv7())
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key.privateKey);
  return { token, expiresAt };
}

/** What an embed token scopes a browser to: one user, or one client (read-only, client-confined). */
export type EmbedScope = { type: 'user'; userId: string } | { type: 'client'; clientId: string };

/** Mints a short-lived embed token for one tenant and scope. */
export async function signEmbedToken(
  key: SigningKey,
  tenantId: string,
  scope: EmbedScope,
  issuedBy: string,
  ttlSeconds: number,
): Promise<{ token: string; expiresAt: Date }> {
  const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
  const token = await new SignJWT({ tid: tenantId, pv_scope: scope, pv_by: issuedBy })
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(EMBED_ISSUER)
    .setAudience(PIVOTAL_AUDIENCE)
    .setIssuedAt()
    .setJti(uuidv7())
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key.privateKey);
  return { token, expiresAt };
}

/** A verifier key set from public JWKs. */
export function localKeySet(keys: JWK[]) {
  return createLocalJWKSet({ keys });
}
