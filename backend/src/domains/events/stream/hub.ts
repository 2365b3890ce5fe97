import type { Knex } from 'knex';
import type pg from 'pg';
import type { Logger } from 'pino';
import { withTenant } from '../../../db/tenantTx';
import { compareCursors, visibleHorizon, type EventCursor } from '../outbox';
import { createPgListener, EVENTS_CHANNEL, type PgListener } from './listener';

/** One open stream, as the hub sees it. */
export type StreamSubscriber = {
  tenantId: string;
  /** The cursor the subscriber has read up to (its next read starts after it). */
  position(): EventCursor;
  /** Something new may be visible: read by cursor (the subscriber coalesces concurrent wakes). */
  wake(): void;
  /** Ends the stream (app shutdown). */
  close(): void;
};

/** Process-wide fan-out of outbox notifications to the open streams of each tenant. */
export type EventHub = {
  subscribe(sub: StreamSubscriber): () => void;
  /** Open streams (for tests and metrics). */
  size(): number;
  close(): Promise<void>;
};

export type EventHubOptions = {
  /** The app knex: the horizon checks run on it, scoped to each tenant. */
  knex: Knex;
  /** Connection settings of the dedicated LISTEN client (the app role may LISTEN). */
  connection: string | pg.ClientConfig;
  log: Logger;
  /** Fallback poll for notifications that never came (lost connection, late visibility); default 2 s. */
  pollMs?: number;
};

/**
 * One LISTEN connection on `pivotal_events` for the whole process, opened with the first subscriber. A
 * notification wakes the subscribers of its tenant; every `pollMs` the hub also checks each watched tenant's
 * visible horizon and wakes the subscribers behind it (events that became visible only when an older
 * transaction finished send no notification of their own).
 */
export function createEventHub(options: EventHubOptions): EventHub {
  const byTenant = new Map<string, Set<StreamSubscriber>>();
  const checking = new Set<string>();
  let listener: PgListener | null = null;
  let poll: NodeJS.Timeout | null = null;
  let closed = false;

  const wakeAll = (tenantId: string) => {
    for (const sub of byTenant.get(tenantId) ?? []) sub.wake();
  };

  const check = async (tenantId: string) => {
    if (checking.has(tenantId)) return;
    checking.add(tenantId);
    try {
      const horizon = await withTenant(options.knex, { tenantId, userId: null, clientIds: null }, (trx) => visibleHorizon(trx, tenantId), { readOnly: true });
      for (const sub of byTenant.get(tenantId) ?? []) if (compareCursors(sub.position(), horizon) < 0) sub.wake();
    } catch (err) {
      options.log.warn({ err: (err as Error).message }, 'event stream poll failed');
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
      onNotify: (tenantId) => wakeAll(tenantId),
      onConnect: () => {
        for (const tenantId of byTenant.keys()) void check(tenantId);
      },
    });
    poll = setInterval(() => {
      for (const tenantId of byTenant.keys()) void check(tenantId);
    }, options.pollMs ?? 2_000);
    poll.unref();
  };

  return {
    subscribe(sub) {
      if (closed) {
        sub.close();
        return () => undefined;
      }
      start();
      let set = byTenant.get(sub.tenantId);
      if (!set) byTenant.set(sub.tenantId, (set = new Set()));
      set.add(sub);
      return () => {
        const current = byTenant.get(sub.tenantId);
        current?.delete(sub);
        if (current?.size === 0) byTenant.delete(sub.tenantId);
      };
    },
    size: () => [...byTenant.values()].reduce((n, s) => n + s.size, 0),
    async close() {
      closed = true;
      if (poll) clearInterval(poll);
      for (const set of [...byTenant.values()]) for (const sub of [...set]) sub.close();
      byTenant.clear();
      await listener?.close();
      listener = null;
    },
  };
}
