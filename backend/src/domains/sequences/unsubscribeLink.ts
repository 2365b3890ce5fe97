import { isUuid } from '#db/ids';
import { readTokenPayload, signToken, verifyToken } from '#security/signedToken';

/** What a signed unsubscribe token names. */
export type UnsubscribeClaim = { tenantId: string; contactId: string; enrollmentId: string | null };

/** The path of the public one-click unsubscribe route. */
export const UNSUBSCRIBE_PATH = '/u/:token';

/** A token `<payload>.<hmac>`: the payload is base64url JSON of the claim. */
export function signUnsubscribe(secret: Buffer, claim: UnsubscribeClaim): string {
  return signToken(secret, [claim.tenantId, claim.contactId, claim.enrollmentId]);
}

/** The claim of a token, unverified (to find the tenant whose secret checks it); null when malformed. */
export function readUnsubscribe(token: string): UnsubscribeClaim | null {
  const payload = readTokenPayload(token);
  if (!Array.isArray(payload)) return null;
  const [tenantId, contactId, enrollmentId] = payload as unknown[];
  if (!isUuid(tenantId) || !isUuid(contactId) || (enrollmentId !== null && !isUuid(enrollmentId))) return null;
  return { tenantId, contactId, enrollmentId };
}

/** True when the token's signature is the secret's. */
export function verifyUnsubscribe(secret: Buffer, token: string): boolean {
  return verifyToken(secret, token);
}

/** The headers every automated email carries (RFC 2369 and RFC 8058 one-click). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
