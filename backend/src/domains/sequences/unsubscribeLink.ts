import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed unsubscribe token names. */
export type UnsubscribeClaim = { tenantId: string; contactId: string; enrollmentId: string | null };

/** The path of the public one-click unsubscribe route. */
export const UNSUBSCRIBE_PATH = '/u/:token';

const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

/** A token `<payload>.<hmac>`: the payload is base64url JSON of the claim. */
export function signUnsubscribe(secret: Buffer, claim: UnsubscribeClaim): string {
  const payload = Buffer.from(JSON.stringify([claim.tenantId, claim.contactId, claim.enrollmentId])).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claim of a token, unverified (to find the tenant whose secret checks it); null when malformed. */
export function readUnsubscribe(token: string): UnsubscribeClaim | null {
  const [payload] = token.split('.');
  try {
    const [tenantId, contactId, enrollmentId] = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as [string, string, string | null];
    const uuid = /^[0-9a-f-]{36}$/i;
    if (!uuid.test(tenantId) || !uuid.test(contactId) || (enrollmentId !== null && !uuid.test(enrollmentId))) return null;
    return { tenantId, contactId, enrollmentId };
  } catch {
    return null;
  }
}

/** True when the token's signature is the secret's. */
export function verifyUnsubscribe(secret: Buffer, token: string): boolean {
  const [payload, signature] = token.split('.');
  if (!payload || !signature) return false;
  const expected = Buffer.from(mac(secret, payload));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The headers every automated email carries (RFC 2369 and RFC 8058 one-click). */
export function unsubscribeHeaders(url: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
