import { backoffMs } from '#lib/backoff';

/** Bounds of the retry loop around every Graph call. */
export type RetryPolicy = {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff step when the answer carries no Retry-After. */
  baseDelayMs: number;
  /** Upper bound of one computed backoff step. */
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the call fails and the caller reschedules. */
  maxRetryAfterMs: number;
};

/** The defaults: 8 attempts, 0.5 s doubling to at most 30 s, Retry-After honoured up to 5 minutes. */
export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 300_000,
};

/** Statuses Graph asks us to retry: throttled, unavailable, gateway timeout. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 503, 504]);

/**
 * How long to wait before attempt `attempt + 1` (attempt counts from 1). A Retry-After is honoured as a floor
 * (plus up to 10 % jitter so a throttled fleet does not come back in lockstep); without one, full-jitter
 * exponential backoff between half and all of `base * 2^(attempt-1)`, capped.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | null,
  random: () => number = Math.random,
): number {
  if (retryAfterMs !== null)
    return Math.round(retryAfterMs + random() * Math.min(retryAfterMs * 0.1, policy.baseDelayMs));
  return backoffMs({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, spread: [0.5, 1] }, attempt, random);
}

/** Parses a Retry-After header (delta seconds or an HTTP date) into milliseconds, or null. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}
