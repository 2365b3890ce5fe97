import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { ApiError } from './errors';
import type { Principal } from './types';

/** Counts one hit of a bucket in its current fixed window: the window's hits so far and the seconds left in it. */
export type RateLimitStore = (bucket: string, windowSeconds: number) => Promise<{ hits: number; secondsLeft: number }>;

/** Request budgets per fixed window: per caller (authenticated) and per client address (no caller). */
export type RateLimiter = {
  /** Counts a request of an authenticated caller; throws `429 rate_limited` (with Retry-After) beyond its budget. */
  forCaller(principal: Principal): Promise<void>;
  /** Counts a request without a caller (public links, webhooks from Microsoft, failed sign-ins) by client address. */
  forAddress(address: string): Promise<void>;
};

export type RateLimiterOptions = {
  /** Shared counters (Postgres); on its failure the limiter counts in process memory meanwhile. */
  store: RateLimitStore;
  perCaller: number;
  perAddress: number;
  windowSeconds?: number;
  log?: Logger;
};

/**
 * Counters shared by every process over one database: `rate_limit_hit` upserts the bucket's row of the current
 * window in one round trip. Windows that ended are pruned at most once a minute per process.
 */
export function postgresRateStore(knex: Knex): RateLimitStore {
  let prunedAt = 0;
  return async (bucket, windowSeconds) => {
    const { rows } = await knex.raw<{ rows: { hits: number; seconds_left: number }[] }>(
      'select * from rate_limit_hit(?, ?)',
      [bucket, windowSeconds],
    );
    if (Date.now() - prunedAt > 60_000) {
      prunedAt = Date.now();
      void knex.raw('select rate_limit_prune(?)', [windowSeconds]).catch(() => undefined);
    }
    return { hits: rows[0]!.hits, secondsLeft: rows[0]!.seconds_left };
  };
}

/** Counters in this process only (tests, and the fallback while the database is unreachable). */
export function memoryRateStore(): RateLimitStore {
  const windows = new Map<string, { start: number; hits: number }>();
  return async (bucket, windowSeconds) => {
    const now = Date.now();
    const start = Math.floor(now / (windowSeconds * 1000)) * windowSeconds * 1000;
    let w = windows.get(bucket);
    if (!w || w.start !== start) {
      if (windows.size > 50_000) windows.clear();
      w = { start, hits: 0 };
      windows.set(bucket, w);
    }
    w.hits += 1;
    return { hits: w.hits, secondsLeft: (start + windowSeconds * 1000 - now) / 1000 };
  };
}

/**
 * Fixed-window budgets over a store. A bucket found over its budget is refused from memory for the rest of its
 * window, so a flood costs one database round trip per process and window, not one per request.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windowSeconds = options.windowSeconds ?? 60;
  const fallback = memoryRateStore();
  const refusedUntil = new Map<string, number>();
  let warnedAt = 0;

  const limited = (ms: number, message: string) =>
    new ApiError('rate_limited', message, { retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)) });

  const take = async (bucket: string, limit: number, message: string) => {
    const now = Date.now();
    const until = refusedUntil.get(bucket);
    if (until !== undefined) {
      if (until > now) throw limited(until - now, message);
      refusedUntil.delete(bucket);
    }
    let counted: { hits: number; secondsLeft: number };
    try {
      counted = await options.store(bucket, windowSeconds);
    } catch (err) {
      if (now - warnedAt > 60_000) {
        warnedAt = now;
        options.log?.warn(
          { err: (err as Error).message },
          'rate limit counters unreachable; counting per process meanwhile',
        );
      }
      counted = await fallback(bucket, windowSeconds);
    }
    if (counted.hits > limit) {
      const ms = Math.max(1, counted.secondsLeft * 1000);
      if (refusedUntil.size > 10_000) {
        for (const [key, at] of refusedUntil) if (at <= now) refusedUntil.delete(key);
      }
      refusedUntil.set(bucket, now + ms);
      throw limited(ms, message);
    }
  };

  return {
    forCaller: (principal) =>
      take(
        `caller:${principal.tenantId}:${principal.actor}`,
        options.perCaller,
        `Too many requests: ${options.perCaller} per ${windowSeconds} s per caller; slow down`,
      ),
    forAddress: (address) =>
      take(
        `address:${address}`,
        options.perAddress,
        `Too many requests from this address: ${options.perAddress} per ${windowSeconds} s without a caller; slow down`,
      ),
  };
}

/** Public routes without a caller, limited by client address before they run. */
export const ADDRESS_LIMITED_PREFIXES = ['/t/', '/u/', '/webhooks/graph/', '/oauth/', '/dev/'] as const;

/** Koa middleware: counts requests to the public routes against the client address's budget. */
export function limitPublicRoutes(limiter: RateLimiter) {
  return async (ctx: { path: string; ip: string }, next: () => Promise<unknown>): Promise<void> => {
    if (ADDRESS_LIMITED_PREFIXES.some((prefix) => ctx.path.startsWith(prefix))) await limiter.forAddress(ctx.ip);
    await next();
  };
}
