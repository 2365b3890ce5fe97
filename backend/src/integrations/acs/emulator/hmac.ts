import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** How far `x-ms-date` may be from the emulator's clock before a request is refused as stale (ACS: 15 minutes). */
export const MAX_CLOCK_SKEW_MS = 15 * 60_000;

/** The parts of a request the HMAC-SHA256 scheme signs. */
export type SignedRequest = {
  method: string;
  /** The path and the query as the client serialised it (`URLSearchParams#toString`). */
  pathAndQuery: string;
  /** The host the client signed: `x-ms-host` when it sent one (recording downloads), else `Host`. */
  host: string;
  headers: { date?: string; contentHash?: string; authorization?: string };
  body: string;
};

export type HmacVerdict = { ok: true } | { ok: false; reason: string };

const AUTHORIZATION = /^HMAC-SHA256\s+SignedHeaders=([^&]+)&Signature=(.+)$/i;

/** Base64 SHA-256 of the body, as the client sends it in `x-ms-content-sha256`. */
export function contentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('base64');
}

/** Signs like the SDK's access-key policy: `VERB\npathAndQuery\ndate;host;contentHash`, HMAC keyed by the base64 key. */
export function signature(
  accessKey: string,
  request: Omit<SignedRequest, 'headers' | 'body'>,
  date: string,
  hash: string,
): string {
  const stringToSign = `${request.method.toUpperCase()}\n${request.pathAndQuery}\n${date};${request.host};${hash}`;
  return createHmac('sha256', Buffer.from(accessKey, 'base64')).update(stringToSign, 'utf8').digest('base64');
}

const same = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** Checks a request's HMAC-SHA256 authorization: signed headers, date freshness, content hash and signature. */
export function verifyHmac(accessKey: string, request: SignedRequest, now = Date.now()): HmacVerdict {
  const { date, contentHash: sentHash, authorization } = request.headers;
  const match = authorization ? AUTHORIZATION.exec(authorization) : null;
  if (!match) return { ok: false, reason: 'missing or malformed HMAC-SHA256 authorization' };
  if (match[1]?.toLowerCase() !== 'x-ms-date;host;x-ms-content-sha256')
    return { ok: false, reason: 'signed headers must be x-ms-date;host;x-ms-content-sha256' };
  if (!date || !sentHash) return { ok: false, reason: 'x-ms-date and x-ms-content-sha256 are required' };
  const at = Date.parse(date);
  if (Number.isNaN(at) || Math.abs(now - at) > MAX_CLOCK_SKEW_MS) return { ok: false, reason: 'stale x-ms-date' };
  if (!same(contentHash(request.body), sentHash)) return { ok: false, reason: 'content hash mismatch' };
  const expected = signature(accessKey, request, date, sentHash);
  if (!same(expected, match[2] ?? '')) return { ok: false, reason: 'signature mismatch' };
  return { ok: true };
}
