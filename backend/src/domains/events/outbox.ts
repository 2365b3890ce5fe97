import type { EventEnvelope, EventName } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { invalidField } from '#http/errors';
import { isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** One outbox row as the readers select it (camelCase through the knex mappers). */
export type OutboxRow = {
  tenantId: string;
  seq: number;
  /** The writing transaction (xid8, as decimal text). */
  txId: string;
  id: string;
  name: string;
  occurredAt: Date;
  actor: string | null;
  clientId: string | null;
  payload: Record<string, unknown>;
};
/** The columns of `OutboxRow` (`events`). */
export const eventColumns = tableColumns<OutboxRow>()('events', [
  'tenantId',
  'seq',
  'txId',
  'id',
  'name',
  'occurredAt',
  'actor',
  'clientId',
  'payload',
]);

/**
 * A reader's position in the outbox (ADR 0003): events are ordered by (tx_id, seq), and a cursor is the
 * key of the last event read. As text (an envelope's `cursor`, an SSE `id`) it is `<txId>.<seq>` in decimal.
 */
export type EventCursor = { txId: string; seq: number };

/** Before every event: a reader starting here replays the whole retained outbox. */
export const OUTBOX_START: EventCursor = Object.freeze({ txId: '0', seq: 0 });

/** What a cursor read of the outbox returns: events of one tenant after a cursor, in order. */
export type OutboxQuery = {
  tenantId: string;
  /** Return events after this cursor (OUTBOX_START: from the oldest retained). */
  after: EventCursor;
  /** Only these names; undefined: every name (an empty list matches nothing). */
  names?: readonly string[] | undefined;
  /** Client-confined callers: only events of these clients (internal events, clientId null, are hidden). */
  clientIds: readonly string[] | null;
  limit: number;
};

/**
 * ADR 0003: a row is readable once its writing transaction and every transaction with a smaller xid have
 * finished. Whatever becomes readable later belongs to a transaction with an xid at or above this snapshot's
 * xmin, so it sorts after every row read now in (tx_id, seq) order: a cursor never moves past it.
 */
export const VISIBLE = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())';

/** Rows strictly after a cursor (bindings: txId, seq); served by the (tenant_id, tx_id, seq) index. */
export const AFTER_CURSOR = '(tx_id, seq) > (?::xid8, ?::bigint)';

const COLUMNS = ['tenantId', 'seq', 'txId', 'id', 'name', 'occurredAt', 'actor', 'clientId', 'payload'] as const;

/** Reads the next visible events of a tenant after a cursor, in (tx_id, seq) order (RLS must be scoped to the tenant). */
export async function readOutbox(db: Knex | Knex.Transaction, q: OutboxQuery): Promise<OutboxRow[]> {
  if (q.names?.length === 0) return [];
  const query = db('events')
    .select(...COLUMNS)
    .where('tenantId', q.tenantId)
    .whereRaw(AFTER_CURSOR, [q.after.txId, q.after.seq])
    .whereRaw(VISIBLE)
    .orderBy([
      { column: 'txId', order: 'asc' },
      { column: 'seq', order: 'asc' },
    ])
    .limit(q.limit);
  if (q.names) query.whereIn('name', [...q.names]);
  if (q.clientIds !== null) query.whereIn('clientId', [...q.clientIds]);
  return (await query) as OutboxRow[];
}

/**
 * The furthest cursor a reader may move to in the same snapshot: the last visible event of the tenant (any
 * name, any client). OUTBOX_START when the tenant has none.
 */
export async function visibleHorizon(db: Knex | Knex.Transaction, tenantId: string): Promise<EventCursor> {
  const row = (await db('events')
    .select('txId', 'seq')
    .where('tenantId', tenantId)
    .whereRaw(VISIBLE)
    .orderBy([
      { column: 'txId', order: 'desc' },
      { column: 'seq', order: 'desc' },
    ])
    .first()) as Pick<OutboxRow, 'txId' | 'seq'> | undefined;
  return row ? cursorOf(row) : OUTBOX_START;
}

/** The cursor of an event row. */
export function cursorOf(row: Pick<OutboxRow, 'txId' | 'seq'>): EventCursor {
  return { txId: String(row.txId), seq: Number(row.seq) };
}

/** Orders two cursors the way the outbox does: by transaction id, then seq. */
export function compareCursors(a: EventCursor, b: EventCursor): number {
  const ta = BigInt(a.txId);
  const tb = BigInt(b.txId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.seq === b.seq ? 0 : a.seq < b.seq ? -1 : 1;
}

/** A cursor as the API shows it: `<txId>.<seq>`. */
export function formatEventCursor(cursor: EventCursor): string {
  return `${cursor.txId}.${cursor.seq}`;
}

/** The envelope every consumer gets (`event.list`, the live stream, webhooks). */
export function presentEvent(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    cursor: formatEventCursor(cursorOf(row)),
    name: row.name as EventName,
    tenantId: row.tenantId,
    occurredAt: isoRequired(row.occurredAt),
    actor: row.actor,
    clientId: row.clientId,
    data: row.payload,
  } as EventEnvelope;
}

const CURSOR = /^(\d{1,20})\.(\d{1,15})$/;
const XID8_MAX = 2n ** 64n - 1n;

/** Parses an event cursor (`<txId>.<seq>`, an envelope's `cursor`); anything else is a 400 naming `field`. */
export function parseEventCursor(value: string, field: string): EventCursor {
  const match = CURSOR.exec(value.trim());
  const txId = match ? BigInt(match[1]!) : -1n;
  if (match && txId <= XID8_MAX) return { txId: txId.toString(), seq: Number(match[2]) };
  throw invalidField(field, 'not an event cursor (the `cursor` of an event)', 'invalid_cursor');
}
