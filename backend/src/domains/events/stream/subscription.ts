import { PassThrough } from 'node:stream';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { Principal } from '#http/types';
import { compareCursors, cursorOf, presentEvent, type EventCursor, type OutboxRow } from '../outbox';
import type { EventHub, StreamSubscriber } from './hub';

export const HEARTBEAT_MS = 15_000;

export type SubscriptionArgs = {
  hub: EventHub;
  /** Unused since the hub reads for every stream of a tenant; kept so callers need not change. */
  knex?: Knex;
  log: Logger;
  principal: Principal;
  /** Names to send; undefined: every name. */
  names: readonly string[] | undefined;
  /** Send events after this cursor. */
  after: EventCursor;
  heartbeatMs?: number;
};

/** One SSE frame: the cursor as `id` (EventSource sends it back as Last-Event-ID), the name, the envelope. */
export function sseFrame(row: OutboxRow): string {
  const envelope = presentEvent(row);
  return `id: ${envelope.cursor}\nevent: ${row.name}\ndata: ${JSON.stringify(envelope)}\n\n`;
}

/**
 * What a caller may see of its tenant's outbox rows: the names it asked for (and may read) and, when it is
 * confined to clients, only those clients' events (internal events, clientId null, stay hidden). The tenant
 * itself is settled by the hub, which reads one tenant at a time.
 */
export function streamFilter(
  principal: Pick<Principal, 'clientIds'>,
  names: readonly string[] | undefined,
): (row: OutboxRow) => boolean {
  const named = names ? new Set(names) : null;
  const clients = principal.clientIds === null ? null : new Set(principal.clientIds);
  return (row) =>
    (named === null || named.has(row.name)) &&
    (clients === null || (row.clientId !== null && clients.has(row.clientId)));
}

/**
 * Opens a subscriber's SSE body: registers with the hub (which may refuse it with 429), takes the frames the hub
 * hands it in cursor order, heartbeats, and ends on close. A full buffer pauses it (the hub skips it) until it
 * drains; it then asks the hub for a read from where it stopped.
 */
export function openSubscription(args: SubscriptionArgs): { body: PassThrough; close(): void } {
  const { principal } = args;
  const visible = streamFilter(principal, args.names);
  const body = new PassThrough();
  let position = args.after;
  let waiting = false;
  let closed = false;
  let heartbeat: NodeJS.Timeout | undefined;
  let unsubscribe: () => void = () => undefined;

  const subscriber: StreamSubscriber = {
    tenantId: principal.tenantId,
    caller: `${principal.tenantId}:${principal.actor}`,
    position: () => position,
    ready: () => !closed && !waiting,
    deliver(rows, horizon) {
      if (closed) return;
      for (const row of rows) {
        const cursor = cursorOf(row);
        if (compareCursors(cursor, position) <= 0) continue;
        if (visible(row)) body.write(sseFrame(row));
        position = cursor;
      }
      if (horizon && compareCursors(horizon, position) > 0) position = horizon;
      if (body.writableNeedDrain) {
        waiting = true;
        body.once('drain', () => {
          waiting = false;
          args.hub.wake(principal.tenantId);
        });
      }
    },
    close: () => close(),
  };
  // Throws 429 beyond the caps, before anything is set up.
  unsubscribe = args.hub.subscribe(subscriber);
  if (!closed) {
    heartbeat = setInterval(() => {
      if (!closed) body.write(': ping\n\n');
    }, args.heartbeatMs ?? HEARTBEAT_MS);
  }

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
  args.hub.wake(principal.tenantId);
  return { body, close };
}
