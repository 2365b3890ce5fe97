import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';
import { applyScope, systemScope, withTenant } from '#db/tenantTx';
import { ApiError } from '#http/errors';
import { compareCursors, readOutbox, visibleHorizon, type EventCursor, type OutboxRow } from '../outbox';
import { createPgListener, EVENTS_CHANNEL, type PgListener } from './listener';

/** Rows one outbox read takes; a full batch is followed by another read at once. */
export const STREAM_BATCH = 200;

/** One open stream, as the hub sees it. */
export type StreamSubscriber = {
  tenantId: string;
  /** Who opened it (`<tenantId>:<actor>`), for the per-caller cap. */
  caller: string;
  /** The cursor the subscriber has read up to (its next frames come after it). */
  position(): EventCursor;
  /** False while its buffer is full: reads skip it until it drains and asks for a wake. */
  ready(): boolean;
  /**
   * Rows of its tenant in cursor order, read once for every subscriber of the tenant: it takes those after its
   * position that it may see. `horizon` (when the read reached it) is where it may move its position to.
   */
  deliver(rows: readonly OutboxRow[], horizon: EventCursor | null): void;
  /** Ends the stream (app shutdown). */
  close(): void;
};

/** Counters of a hub (tests and metrics). */
export type EventHubStats = { streams: number; outboxReads: number };

/** Process-wide fan-out of outbox notifications to the open streams of each tenant. */
export type EventHub = {
  /** Throws `429 rate_limited` when the caller (or the process) already has as many streams as allowed. */
  admit(tenantId: string, caller: string): void;
  /** Admits and registers a stream (same refusal as `admit`); answers its unsubscribe. */
  subscribe(sub: StreamSubscriber): () => void;
  /** Something may be new for a tenant: one read of its outbox, fanned out to its streams. */
  wake(tenantId: string): void;
  /** Open streams (for tests and metrics). */
  size(): number;
  stats(): EventHubStats;
  close(): Promise<void>;
};

export type EventHubOptions = {
  /** The app knex: outbox reads and horizon checks run on it, scoped to each tenant. */
  knex: Knex;
  /** Connection settings of the dedicated LISTEN client (the app role may LISTEN). */
  connection: string | pg.ClientConfig;
  log: Logger;
  /** Fallback poll for notifications that never came (lost connection, late visibility); default 2 s. */
  pollMs?: number;
  /** Open streams one caller may hold (default 5). */
  perCaller?: number;
  /** Open streams of the whole process (default 1000). */
  total?: number;
};

type TenantStreams = { subs: Set<StreamSubscriber>; reading: boolean; again: boolean };

const minCursor = (cursors: EventCursor[]) => cursors.reduce((a, b) => (compareCursors(a, b) <= 0 ? a : b));

/**
 * One LISTEN connection on `pivotal_events` for the whole process, opened with the first subscriber. A
 * notification wakes its tenant: the hub reads the tenant's outbox once (from the oldest position of its ready
 * streams, tenant-wide, in a repeatable-read snapshot) and hands the rows to every stream, which keeps what its
 * caller may see. Every `pollMs` the hub also checks each watched tenant's visible horizon and wakes the tenants
 * with a stream behind it (events that became visible only when an older transaction finished send no
 * notification of their own). Streams are capped per caller and per process.
 */
export function createEventHub(options: EventHubOptions): EventHub {
  const perCaller = options.perCaller ?? 5;
  const total = options.total ?? 1000;
  const tenants = new Map<string, TenantStreams>();
  const callers = new Map<string, number>();
  const checking = new Set<string>();
  let streams = 0;
  let outboxReads = 0;
  let listener: PgListener | null = null;
  let poll: NodeJS.Timeout | null = null;
  let closed = false;
  // During a database outage every watched tenant fails every poll: one warning per 30 s, not one per tenant and poll.
  let warnedAt = 0;
  const warn = (err: unknown, message: string, tenantId?: string) => {
    if (closed || Date.now() - warnedAt < 30_000) return;
    warnedAt = Date.now();
    options.log.warn({ err: (err as Error).message, tenantId }, message);
  };

  const readBatch = (tenantId: string, after: EventCursor) =>
    options.knex.transaction(
      async (trx) => {
        await applyScope(trx, systemScope(tenantId));
        const rows = await readOutbox(trx, { tenantId, after, clientIds: null, limit: STREAM_BATCH });
        const horizon = rows.length < STREAM_BATCH ? await visibleHorizon(trx, tenantId) : null;
        return { rows, horizon };
      },
      { isolationLevel: 'repeatable read', readOnly: true },
    );

  const read = async (tenantId: string, state: TenantStreams) => {
    state.reading = true;
    try {
      do {
        state.again = false;
        const ready = [...state.subs].filter((s) => s.ready());
        if (ready.length === 0) break;
        const { rows, horizon } = await readBatch(tenantId, minCursor(ready.map((s) => s.position())));
        outboxReads += 1;
        for (const sub of ready) if (state.subs.has(sub)) sub.deliver(rows, horizon);
        if (rows.length === STREAM_BATCH) state.again = true;
      } while (state.again && !closed);
    } catch (err) {
      // The next wake or poll tries again from the same positions.
      warn(err, 'event stream read failed', tenantId);
    } finally {
      state.reading = false;
    }
  };

  const wake = (tenantId: string) => {
    const state = tenants.get(tenantId);
    if (!state || closed) return;
    if (state.reading) {
      state.again = true;
      return;
    }
    void read(tenantId, state);
  };

  const check = async (tenantId: string) => {
    if (checking.has(tenantId)) return;
    checking.add(tenantId);
    try {
      const horizon = await withTenant(options.knex, systemScope(tenantId), (trx) => visibleHorizon(trx, tenantId), {
        readOnly: true,
      });
      const subs = tenants.get(tenantId)?.subs ?? [];
      if ([...subs].some((sub) => compareCursors(sub.position(), horizon) < 0)) wake(tenantId);
    } catch (err) {
      warn(err, 'event stream poll failed', tenantId);
    } finally {
      checking.delete(tenantId);
    }
  };

  const start = () => {
    if (listener || closed) return;
    listener = createPgListener({
      connection: options.connection,
      channel: EVENTS_CHANNEL,
      log: options.log,
      onNotify: (tenantId) => wake(tenantId),
      onConnect: () => {
        for (const tenantId of tenants.keys()) void check(tenantId);
      },
    });
    poll = setInterval(() => {
      for (const tenantId of tenants.keys()) void check(tenantId);
    }, options.pollMs ?? 2_000);
    poll.unref();
  };

  const admit = (_tenantId: string, caller: string) => {
    if ((callers.get(caller) ?? 0) >= perCaller) {
      throw new ApiError(
        'rate_limited',
        `Too many open event streams: a caller may hold ${perCaller} at once; close one first`,
        { retryAfterSeconds: 30, limit: perCaller },
      );
    }
    if (streams >= total) {
      throw new ApiError('rate_limited', `This server holds its maximum of ${total} event streams; retry later`, {
        retryAfterSeconds: 30,
      });
    }
  };

  return {
    admit,
    subscribe(sub) {
      if (closed) {
        sub.close();
        return () => undefined;
      }
      admit(sub.tenantId, sub.caller);
      start();
      let state = tenants.get(sub.tenantId);
      if (!state) tenants.set(sub.tenantId, (state = { subs: new Set(), reading: false, again: false }));
      state.subs.add(sub);
      streams += 1;
      callers.set(sub.caller, (callers.get(sub.caller) ?? 0) + 1);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        streams -= 1;
        const left = (callers.get(sub.caller) ?? 1) - 1;
        if (left > 0) callers.set(sub.caller, left);
        else callers.delete(sub.caller);
        const current = tenants.get(sub.tenantId);
        current?.subs.delete(sub);
        if (current?.subs.size === 0) tenants.delete(sub.tenantId);
      };
    },
    wake,
    size: () => streams,
    stats: () => ({ streams, outboxReads }),
    async close() {
      closed = true;
      if (poll) clearInterval(poll);
      for (const state of [...tenants.values()]) for (const sub of [...state.subs]) sub.close();
      tenants.clear();
      await listener?.close();
      listener = null;
    },
  };
}
