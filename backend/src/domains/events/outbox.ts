import type { EventEnvelope, EventName } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { ApiError } from '../../http/errors';
import { isoRequired } from '../shared/present';

/** One outbox row as the readers select it (camelCase through the knex mappers). */
export type OutboxRow = {
  tenantId: string;
  seq: number;
  id: string;
  name: string;
  occurredAt: Date;
  actor: string | null;
  clientId: string | null;
  payload: Record<string, unknown>;
};

/** What a cursor read of the outbox returns: events of one tenant after a seq, in order. */
export type OutboxQuery = {
  tenantId: string;
  /** Return events with seq greater than this (0: from the oldest retained). */
  after: number;
  /** Only these names; undefined: every name (an empty list matches nothing). */
  names?: readonly string[] | undefined;
  /** Client-confined callers: only events of these clients (internal events, clientId null, are hidden). */
  clientIds: readonly string[] | null;
  limit: number;
};

/**
 * ADR 0003: a row is readable once its writing transaction and every older one have finished, so a cursor
 * that moved past a seq never misses a transaction that took a lower seq and commits later.
 */
export const VISIBLE = 'tx_id < pg_snapshot_xmin(pg_current_snapshot())';

const COLUMNS = ['tenantId', 'seq', 'id', 'name', 'occurredAt', 'actor', 'clientId', 'payload'] as const;

/** Reads the next visible events of a tenant after a seq, ordered by seq (RLS must be scoped to the tenant). */
export async function readOutbox(db: Knex | Knex.Transaction, q: OutboxQuery): Promise<OutboxRow[]> {
  if (q.names?.length === 0) return [];
  const query = db('events')
    .select(...COLUMNS)
    .where('tenantId', q.tenantId)
    .andWhere('seq', '>', q.after)
    .whereRaw(VISIBLE)
    .orderBy('seq', 'asc')
    .limit(q.limit);
  if (q.names) query.whereIn('name', [...q.names]);
  if (q.clientIds !== null) query.whereIn('clientId', [...q.clientIds]);
  return (await query) as OutboxRow[];
}

/**
 * The highest seq a reader may move its cursor to in the same snapshot: the last visible event of the
 * tenant (any name, any client). 0 when the tenant has none.
 */
export async function visibleHorizon(db: Knex | Knex.Transaction, tenantId: string): Promise<number> {
  const row = (await db('events').where('tenantId', tenantId).whereRaw(VISIBLE).max({ horizon: 'seq' }).first()) as
    | { horizon: number | null }
    | undefined;
  return row?.horizon ?? 0;
}

/** The envelope every consumer gets (`event.list`, the live stream, webhooks). */
export function presentEvent(row: OutboxRow): EventEnvelope {
  return {
    id: row.id,
    cursor: String(row.seq),
    name: row.name as EventName,
    tenantId: row.tenantId,
    occurredAt: isoRequired(row.occurredAt),
    actor: row.actor,
    clientId: row.clientId,
    data: row.payload,
  } as EventEnvelope;
}

const SEQ = /^\d{1,15}$/;

/** Parses an event cursor (a seq as decimal text); anything else is a 400 naming `field`. */
export function parseEventCursor(value: string, field: string): number {
  const trimmed = value.trim();
  if (SEQ.test(trimmed)) return Number(trimmed);
  throw new ApiError('validation_failed', `Invalid input at ${field}: not an event cursor`, {
    issues: [{ path: field, message: 'expected an event cursor (the `cursor` of an event)', code: 'invalid_cursor' }],
  });
}
