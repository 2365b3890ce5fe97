import type { FaultMatch, FaultSpec } from './types';

/** A queued fault with the answers it still has to give. */
type QueuedFault = { status: FaultSpec['status']; remaining: number; retryAfterSeconds: number; match: FaultMatch };

/** A request that a fault can answer: the Connector writes, conversation creation and the token endpoint. */
export type FaultTarget = 'send' | 'reply' | 'update' | 'create' | 'token';

/** The fault answer to give: its status and, for 429 and 503, the Retry-After seconds. */
export type FaultAnswer = { status: FaultSpec['status']; retryAfterSeconds: number | null };

/** Faults queued by `failNext`, consumed in the order queued by the first requests they match. */
export class FaultQueue {
  private queue: QueuedFault[] = [];

  /** Queues `times` (default 1) answers of `status` for matching requests. */
  add(spec: FaultSpec): void {
    this.queue.push({
      status: spec.status,
      remaining: Math.max(1, spec.times ?? 1),
      retryAfterSeconds: Math.max(1, Math.ceil(spec.retryAfterSeconds ?? 1)),
      match: spec.match ?? 'any',
    });
  }

  /** Takes one answer from the first fault matching `target`, or null when none does. */
  take(target: FaultTarget): FaultAnswer | null {
    const fault = this.queue.find((entry) => entry.match === 'any' || entry.match === target);
    if (!fault) return null;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue = this.queue.filter((entry) => entry !== fault);
    const withRetry = fault.status === 429 || fault.status === 503;
    return { status: fault.status, retryAfterSeconds: withRetry ? fault.retryAfterSeconds : null };
  }

  /** Drops every queued fault. */
  clear(): void {
    this.queue = [];
  }
}
