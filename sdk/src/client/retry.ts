import { ConnectionError, PivotalError, RateLimitError } from './errors';

/** Waits `ms` milliseconds; rejects with the signal's reason as soon as `signal` aborts. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** First backoff step, in milliseconds. */
export const backoffBaseMs = 250;
/** Largest backoff step, in milliseconds. */
export const backoffCapMs = 8_000;
/** A `Retry-After` longer than this is not waited for: the error is thrown with its `retryAfterMs`. */
export const maxRetryAfterMs = 60_000;

/** The abort reason of a signal as something throwable. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** The default `sleep`: a cancellable setTimeout. */
export const defaultSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Parses a `Retry-After` header (delay in seconds, or an HTTP date) into milliseconds from `now`.
 * Returns null when absent or unparseable.
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

/** Full-jitter exponential backoff: uniform in [0, min(cap, base * 2^attempt)). `attempt` starts at 0. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(backoffCapMs, backoffBaseMs * 2 ** attempt);
  return Math.floor(random() * ceiling);
}

/** True for failures worth another attempt: no response, 429, and 5xx other than 501. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof ConnectionError) return true;
  if (!(error instanceof PivotalError)) return false;
  if (error.status === 429) return true;
  return error.status >= 500 && error.status !== 501;
}

/**
 * How long to wait before retrying after `error` on attempt `attempt` (0-based), or null not to retry
 * (the server asked for a longer pause than {@link maxRetryAfterMs}).
 */
export function retryDelay(error: unknown, attempt: number, random: () => number = Math.random): number | null {
  const hinted =
    error instanceof RateLimitError
      ? error.retryAfterMs
      : error instanceof PivotalError && error.headers
        ? parseRetryAfter(error.headers.get('retry-after'))
        : null;
  if (hinted === null) return backoffDelay(attempt, random);
  return hinted > maxRetryAfterMs ? null : hinted;
}
