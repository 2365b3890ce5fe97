import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, SignJWT, exportJWK, generateKeyPair } from 'jose';

/** The issuer ACS Call Automation puts in its callback tokens (the emulator uses the same by default). */
export const ACS_CALLBACK_ISSUER = 'https://acscallautomation.communication.azure.com';
/** Callback tokens live five minutes; ACS makes a new one for every callback request. */
export const CALLBACK_TOKEN_LIFETIME_S = 300;

/** The emulator's RS256 signing key (access tokens and callback tokens) and its public JWK. */
export type SigningKeys = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

export async function createSigningKeys(): Promise<SigningKeys> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk };
}

/** A user access token in the shape ACS issues: `skypeid`, `scp`, `csi`, `acsScope`, `resourceId`. */
export async function signAccessToken(
  keys: SigningKeys,
  claims: { userId: string; scopes: string[]; resourceId: string; issuedAt: Date; expiresAt: Date },
): Promise<string> {
  const iat = Math.floor(claims.issuedAt.getTime() / 1000);
  return new SignJWT({
    skypeid: claims.userId.replace(/^8:/, ''),
    scp: 1792,
    csi: String(iat),
    acsScope: claims.scopes.join(','),
    resourceId: claims.resourceId,
  })
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuedAt(iat)
    .setExpirationTime(Math.floor(claims.expiresAt.getTime() / 1000))
    .sign(keys.privateKey);
}

/** The bearer token on a Call Automation callback: audience = the resource's immutable id, five minutes. */
export async function signCallbackToken(
  keys: SigningKeys,
  options: { audience: string; issuer: string },
): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: keys.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setIssuedAt()
    .setNotBefore('0s')
    .setExpirationTime(`${CALLBACK_TOKEN_LIFETIME_S}s`)
    .setJti(randomUUID())
    .sign(keys.privateKey);
}
