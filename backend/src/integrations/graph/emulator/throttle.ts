/** Per-mailbox request budgets; Graph's Outlook limits are 10,000 requests per 10 minutes and 4 concurrent. */
export type ThrottleLimits = { windowMs: number; maxRequests: number; maxConcurrent: number };

/** Graph's documented per-app-per-mailbox limits. */
export const GRAPH_MAIL_LIMITS: ThrottleLimits = { windowMs: 600_000, maxRequests: 10_000, maxConcurrent: 4 };

/** Faults queued for a mailbox by the control API. */
export type MailboxFaults = {
  /** The next N Graph requests answer 429 TooManyRequests with this Retry-After. */
  throttle: { remaining: number; retryAfterSeconds: number };
  /** The next N Graph requests answer this status (503 or 504). */
  unavailable: { remaining: number; status: 503 | 504 };
  /** The next N messages/folders delta calls answer 410 syncStateNotFound. */
  syncStateNotFound: number;
  /** The next N incremental delta rounds replay this many already-delivered messages on their first page. */
  replay: { rounds: number; items: number };
  /** Added latency per request (ms), so tests can hold requests open to exceed concurrency. */
  latencyMs: number;
};

/** The outcome of asking for a request slot: admitted (release when done) or refused with Retry-After. */
export type Admission =
  { ok: true; release: () => void } | { ok: false; retryAfterSeconds: number; reason: 'concurrency' | 'window' };

/** Sliding-window and concurrency budgets per mailbox, plus the queued faults. */
export class MailboxThrottle {
  private readonly windows = new Map<string, number[]>();
  private readonly inFlight = new Map<string, number>();
  private readonly faults = new Map<string, MailboxFaults>();

  constructor(
    public limits: ThrottleLimits = GRAPH_MAIL_LIMITS,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The mutable fault record for a mailbox (created empty on first use). */
  faultsFor(mailboxKey: string): MailboxFaults {
    let found = this.faults.get(mailboxKey);
    if (!found) {
      found = {
        throttle: { remaining: 0, retryAfterSeconds: 1 },
        unavailable: { remaining: 0, status: 503 },
        syncStateNotFound: 0,
        replay: { rounds: 0, items: 0 },
        latencyMs: 0,
      };
      this.faults.set(mailboxKey, found);
    }
    return found;
  }

  /** Takes a request slot for the mailbox, or says why not and when to retry. */
  admit(mailboxKey: string): Admission {
    const now = this.clock();
    const windowStart = now - this.limits.windowMs;
    const stamps = (this.windows.get(mailboxKey) ?? []).filter((at) => at > windowStart);
    this.windows.set(mailboxKey, stamps);
    const running = this.inFlight.get(mailboxKey) ?? 0;
    if (running >= this.limits.maxConcurrent) return { ok: false, retryAfterSeconds: 1, reason: 'concurrency' };
    if (stamps.length >= this.limits.maxRequests) {
      const oldest = stamps[0] ?? now;
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, Math.ceil((oldest + this.limits.windowMs - now) / 1000)),
        reason: 'window',
      };
    }
    stamps.push(now);
    this.inFlight.set(mailboxKey, running + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        this.inFlight.set(mailboxKey, Math.max(0, (this.inFlight.get(mailboxKey) ?? 1) - 1));
      },
    };
  }

  /** Forgets budgets and faults (between tests). */
  reset(): void {
    this.windows.clear();
    this.inFlight.clear();
    this.faults.clear();
  }
}
