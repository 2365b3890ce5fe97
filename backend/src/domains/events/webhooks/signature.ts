import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { backoffMs, type BackoffPolicy } from '#lib/backoff';

/**
 * `Pivotal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret's UTF-8 bytes>`.
 * Receivers recompute v1 from the raw body and reject old timestamps (replay protection).
 */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const v1 = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${v1}`;
}

/** Checks a `Pivotal-Signature` header against the body (receiver side; used by tests and docs). */
export function verifyWebhookSignature(
  secret: string,
  body: string,
  header: string,
  toleranceSeconds = 300,
  nowMs = Date.now(),
): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !parts.v1 || Math.abs(nowMs / 1000 - t) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, body, t).split('v1=')[1]!, 'hex');
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Attempts before a delivery is marked failed. */
export const MAX_ATTEMPTS = 8;

/**
 * Delay before the next attempt after `attempts` failed ones: 30 s * 2^(attempts-1), capped at 6 h,
 * times a jitter in [0.8, 1.2) so that receivers coming back are not hit by every retry at once.
 */
export function deliveryBackoffMs(attempts: number, random: () => number = Math.random): number {
  return backoffMs(DELIVERY_BACKOFF, attempts, random);
}

const DELIVERY_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 6 * 3_600_000, spread: [0.8, 1.2] };

/** A new signing secret of webhooks (event subscriptions and sequence webhook steps): 256 random bits, `whsec_` + base64url. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}
