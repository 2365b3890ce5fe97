import { ApiError } from './errors';
import type { Principal } from './types';

/** Per-caller request budget (fixed one-minute windows, in process memory). */
export type RateLimiter = { take(principal: Principal): void };

/** Allows `perMinute` requests per caller per minute; past that answers 429 with Retry-After details. */
export function createRateLimiter(perMinute: number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    take(principal) {
      const key = `${principal.tenantId}:${principal.actor}`;
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= 60_000) {
        if (windows.size > 50_000) windows.clear();
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      if (w.count > perMinute) {
        const retryAfterSeconds = Math.ceil((w.start + 60_000 - now) / 1000);
        throw new ApiError('rate_limited', 'Too many requests; slow down', { retryAfterSeconds });
      }
    },
  };
}
