/** Teams' limits on what one bot may post into one conversation (per window). */
export const TEAMS_THREAD_LIMITS = [
  { count: 7, windowMs: 1_000 },
  { count: 8, windowMs: 2_000 },
  { count: 60, windowMs: 30_000 },
  { count: 1_800, windowMs: 3_600_000 },
] as const;

/** Milliseconds added to each window: a send planned at the window's edge may reach the service a little early. */
const MARGIN_MS = 150;

/** Sends per second the bot allows itself per process, under Teams' 50 per second per app and tenant. */
export const DEFAULT_SENDS_PER_SECOND = 30;

/**
 * Paces proactive sends: a global rate (evenly spaced) and, per conversation, Teams' per-thread windows, so the
 * service never has to answer 429 in steady state. `wait` resolves when the next send to that conversation may go;
 * `backOff` holds a conversation after the service answered 429 (its Retry-After).
 */
export function createPacer(
  opts: { perSecond?: number; now?: () => number; sleep?: (ms: number) => Promise<void> } = {},
) {
  const gap = 1000 / (opts.perSecond ?? DEFAULT_SENDS_PER_SECOND);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let nextGlobal = 0;
  const sent = new Map<string, number[]>();
  const heldUntil = new Map<string, number>();

  /** The earliest time a send to `conversation` fits every window. */
  function allowedAt(conversation: string, t: number): number {
    let at = Math.max(t, heldUntil.get(conversation) ?? 0);
    const times = sent.get(conversation) ?? [];
    for (const { count, windowMs } of TEAMS_THREAD_LIMITS) {
      const recent = times.filter((s) => s > at - windowMs);
      if (recent.length >= count) at = Math.max(at, recent[recent.length - count]! + windowMs + MARGIN_MS);
    }
    return at;
  }

  return {
    async wait(conversation: string): Promise<void> {
      const t = now();
      const at = Math.max(allowedAt(conversation, t), nextGlobal);
      nextGlobal = Math.max(at, nextGlobal) + gap;
      // Reserved before waiting, so concurrent senders to one chat see each other's slots.
      const times = (sent.get(conversation) ?? []).filter((s) => s > at - 3_600_000);
      times.push(at);
      sent.set(conversation, times);
      if (at > t) await sleep(at - t);
    },
    backOff(conversation: string, ms: number): void {
      heldUntil.set(conversation, now() + ms);
    },
  };
}
/** A pacer (see `createPacer`). */
export type Pacer = ReturnType<typeof createPacer>;
