import type { RateLimitRule } from './types';

/** Teams' documented per-bot-per-thread limits for sending and updating messages. */
export const TEAMS_RATE_LIMITS: readonly RateLimitRule[] = [
  { limit: 7, windowSeconds: 1 },
  { limit: 8, windowSeconds: 2 },
  { limit: 60, windowSeconds: 30 },
  { limit: 1_800, windowSeconds: 3_600 },
];

/** The outcome of asking to write: admitted, or refused with the seconds until the tightest window frees a slot. */
export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

/** Sliding-window budgets per key (bot and conversation); refused writes do not count against the budget. */
export class RateLimiter {
  private readonly stamps = new Map<string, number[]>();
  private readonly longestMs: number;

  constructor(
    private readonly rules: readonly RateLimitRule[],
    private readonly clock: () => number,
  ) {
    this.longestMs = Math.max(0, ...rules.map((rule) => rule.windowSeconds * 1000));
  }

  /** Takes a slot for `key`, or says how long until one is free under every rule. */
  admit(key: string): RateDecision {
    if (this.rules.length === 0) return { ok: true };
    const now = this.clock();
    // Only the longest window's history matters; older stamps are dropped as we go.
    const stamps = (this.stamps.get(key) ?? []).filter((at) => at > now - this.longestMs);
    this.stamps.set(key, stamps);
    let waitMs = 0;
    for (const rule of this.rules) {
      const windowMs = rule.windowSeconds * 1000;
      const inWindow = stamps.filter((at) => at > now - windowMs);
      if (inWindow.length < rule.limit) continue;
      // The slot frees when the oldest write that keeps the count at the limit leaves the window.
      const freeing = inWindow[inWindow.length - rule.limit] ?? now;
      waitMs = Math.max(waitMs, freeing + windowMs - now);
    }
    if (waitMs > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    stamps.push(now);
    return { ok: true };
  }

  /** Forgets every budget. */
  reset(): void {
    this.stamps.clear();
  }
}
