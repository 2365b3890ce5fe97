import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Paths Graph posts to: change notifications and lifecycle notifications. */
export const GRAPH_NOTIFICATIONS_PATH = '/webhooks/graph/notifications';
export const GRAPH_LIFECYCLE_PATH = '/webhooks/graph/lifecycle';

/**
 * A fresh per-subscription `clientState` secret (Graph echoes it in every notification) and its sha256: only the
 * hash is stored, so a database read gives nobody a secret to forge notifications with.
 */
export function newClientState(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: hashClientState(secret) };
}

/** sha256 hex of a clientState. */
export function hashClientState(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether a presented clientState matches the stored hash (constant time). */
export function clientStateMatches(presented: unknown, storedHash: string): boolean {
  if (typeof presented !== 'string' || presented.length === 0 || presented.length > 128) return false;
  const given = Buffer.from(hashClientState(presented), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
