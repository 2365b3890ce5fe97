/** How retries are paced: the first delay, the cap, and the random spread applied to each delay. */
export type BackoffPolicy = {
  /** Delay after the first failure. */
  baseMs: number;
  /** Upper bound of a computed delay (before the spread). */
  maxMs: number;
  /**
   * The delay is multiplied by a random factor in `[low, high)`: `[0.8, 1.2]` for ±20 %, `[0.5, 1]` for the
   * "half to full" jitter that keeps a throttled fleet from coming back in lockstep; `[1, 1]` (the default) for none.
   */
  spread?: readonly [low: number, high: number];
};

/**
 * The one exponential backoff of the backend: the delay before retrying after `failures` failed attempts
 * (counted from 1) is `min(maxMs, baseMs * 2^(failures-1))` times the policy's random spread, in whole ms.
 * Webhook deliveries, Graph calls, the sequence runner and the database reconnects all pace themselves with it.
 */
export function backoffMs(policy: BackoffPolicy, failures: number, random: () => number = Math.random): number {
  const [low, high] = policy.spread ?? [1, 1];
  const delay = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(delay * (low + (high - low) * random()));
}
