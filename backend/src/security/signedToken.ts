import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Stateless signed tokens `<payload>.<signature>`: the payload is base64url JSON, the signature base64url
 * HMAC-SHA256 over `domain + payload`. The domain separates uses that share one key (tracking links and
 * unsubscribe links are signed by the same tenant secret). Tracking links, unsubscribe links and the OAuth
 * connect state are made here.
 */
const mac = (key: Buffer, domain: string, body: string) =>
  createHmac('sha256', key).update(`${domain}${body}`).digest();

/** Signs `payload` (any JSON value) under `key` and `domain`. */
export function signToken(key: Buffer, payload: unknown, domain = ''): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, domain, body).toString('base64url')}`;
}

/** True when the token has the two parts and its signature is `key`'s under `domain` (constant-time compare). */
export function verifyToken(key: Buffer, token: string, domain = ''): boolean {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return false;
  // Compared as text, so a signature in another (lenient) base64 spelling of the same bytes is refused.
  const expected = Buffer.from(mac(key, domain, body).toString('base64url'));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The payload of a token, unverified (to find the tenant whose key checks it, or to read a verified token);
 * undefined when it is not base64url JSON. Callers validate its shape.
 */
export function readTokenPayload(token: string): unknown {
  try {
    return JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
