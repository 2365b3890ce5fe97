import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { applyScope } from '../../../db/tenantTx';
import type { Principal } from '../../../http/types';
import { compareCursors, cursorOf, presentEvent, readOutbox, visibleHorizon, type EventCursor, type OutboxRow } from '../outbox';
import type { EventHub, StreamSubscriber } from './hub';

const BATCH = 200;
export const HEARTBEAT_MS = 15_000;

export type SubscriptionArgs = {
  hub: EventHub;
  knex: Knex;
  log: Logger;
  principal: Principal;
  /** Names to send; undefined: every name. */
  names: readonly string[] | undefined;
  /** Send events after this cursor. */
  after: EventCursor;
  heartbeatMs?: number;
};

/** Resolves when a full stream buffer drained, or the stream closed. */
function drained(body: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      body.off('drain', done).off('close', done);
      resolve();
    };
    body.on('drain', done).on('close', done);
  });
}

/** One SSE frame: the cursor as `id` (EventSource sends it back as Last-Event-ID), the name, the envelope. */
export function sseFrame(row: OutboxRow): string {
  const envelope = presentEvent(row);
  return `id: ${envelope.cursor}\nevent: ${row.name}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/**
 * Opens a subscriber's SSE body: reads the outbox by cursor whenever the hub wakes it (a repeatable-read
 * snapshot, so the batch and the horizon agree), writes frames in cursor order, heartbeats, and ends on close.
 */
export function openSubscription(args: SubscriptionArgs): { body: PassThrough; close(): void } {
  const { principal } = args;
  const body = new PassThrough();
  let position = args.after;
  let reading = false;
  let again = false;
  let closed = false;

  const readOnce = () =>
    args.knex.transaction(async (trx) => {
      await applyScope(trx, { tenantId: principal.tenantId, userId: principal.userId, clientIds: principal.clientIds });
      const rows = await readOutbox(trx, { tenantId: principal.tenantId, after: position, names: args.names, clientIds: principal.clientIds, limit: BATCH });
      const horizon = rows.length < BATCH ? await visibleHorizon(trx, principal.tenantId) : null;
      return { rows, horizon };
    }, { isolationLevel: 'repeatable read', readOnly: true });

  const read = async (): Promise<void> => {
    if (closed) return;
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      do {
        again = false;
        const { rows, horizon } = await readOnce();
        for (const row of rows) {
          if (closed) return;
          if (!body.write(sseFrame(row))) await drained(body);
          position = cursorOf(row);
        }
        if (rows.length === BATCH) again = true;
        else if (horizon && compareCursors(horizon, position) > 0) position = horizon;
      } while (again && !closed);
    } catch (err) {
      // The hub's next poll tries again from the same position.
      if (!closed) args.log.warn({ err: (err as Error).message, tenantId: principal.tenantId }, 'event stream read failed');
    } finally {
      reading = false;
    }
  };

  const heartbeat = setInterval(() => {
    if (!closed) body.write(': ping\n\n');
  }, args.heartbeatMs ?? HEARTBEAT_MS);
  const subscriber: StreamSubscriber = {
    tenantId: principal.tenantId,
    position: () => position,
    wake: () => void read(),
    close: () => close(),
  };
  let unsubscribe = () => undefined as void;
  unsubscribe = args.hub.subscribe(subscriber);

  function close() {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    if (!body.destroyed && !body.writableEnded) body.end();
  }
  body.on('close', close);
  body.on('error', close);
  if (!closed) body.write(`retry: 2000\n: connected\n\n`);
  void read();
  return { body, close };
}
