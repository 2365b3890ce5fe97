import { createHash, randomBytes } from 'node:crypto';
import type { EventName, EventPayload, Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { createApiKey } from '../../helpers/factories';

/** One event to write into the outbox the way a handler's ctx.emit does. */
export type TestEvent<E extends EventName = EventName> = {
  name: E;
  data: EventPayload<E>;
  clientId?: string | null;
  actor?: string;
};

/** An event as written: its seq, its writing transaction and its cursor (`<txId>.<seq>`, as envelopes show it). */
export type Emitted = { seq: number; txId: string; cursor: string };

/** The cursor text of an outbox row. */
export const cursorText = (row: { txId: string; seq: number }): string => `${row.txId}.${row.seq}`;

/**
 * Writes events in one transaction scoped to the tenant (as a request does) and notifies `pivotal_events`
 * in it, like mountOperations. Returns them in order (one transaction: same txId, increasing seq).
 */
export async function emitEvents(knex: Knex, tenantId: string, events: TestEvent[]): Promise<Emitted[]> {
  return knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const written: Emitted[] = [];
    for (const e of events) written.push(await insertEvent(trx, tenantId, e));
    await trx.raw(`select pg_notify('pivotal_events', ?)`, [tenantId]);
    return written;
  });
}

/** Inserts one event in `trx` (already scoped to the tenant), without notifying. */
export async function insertEvent(trx: Knex.Transaction, tenantId: string, e: TestEvent): Promise<Emitted> {
  const [row] = (await trx('events')
    .insert({
      tenantId,
      id: uuidv7(),
      name: e.name,
      occurredAt: new Date(),
      actor: e.actor ?? 'user:test',
      clientId: e.clientId ?? null,
      payload: JSON.stringify(e.data),
    })
    .returning(['seq', 'txId'])) as { seq: number; txId: string }[];
  return { seq: row!.seq, txId: row!.txId, cursor: cursorText(row!) };
}

/** A valid `task.created` event (internal unless clientId is given). */
export function taskCreated(clientId: string | null = null): TestEvent<'task.created'> {
  return {
    name: 'task.created',
    clientId,
    data: {
      taskId: uuidv7(),
      type: 'followup',
      ownerId: uuidv7(),
      opportunityId: null,
      contactId: null,
      dueAt: new Date().toISOString(),
      origin: 'manual',
    },
  };
}

/** A valid `opportunity.stageChanged` event of a client's (or an internal) opportunity. */
export function stageChanged(
  clientId: string | null = null,
  toStage = 'proposal',
): TestEvent<'opportunity.stageChanged'> {
  return {
    name: 'opportunity.stageChanged',
    clientId,
    data: {
      opportunityId: uuidv7(),
      pipelineId: uuidv7(),
      clientId,
      projectId: null,
      ownerId: uuidv7(),
      fromStage: 'qualification',
      toStage,
      amount: '1000.00',
      currency: 'EUR',
      version: 2,
    },
  };
}

/** A valid `mail.synced` event (private to the mailbox owner on the stream). */
export function mailSynced(): TestEvent<'mail.synced'> {
  return {
    name: 'mail.synced',
    data: { userId: uuidv7(), folder: 'inbox', added: 1, updated: 0, removed: 0, backfillComplete: true },
  };
}

/** An API key token (`pvk_<id>.<secret>`) with one role, optionally confined to clients. */
export async function apiKeyToken(
  ownerKnex: Knex,
  tenantId: string,
  role: Role,
  clientIds: string[] | null = null,
): Promise<string> {
  const secret = randomBytes(24).toString('base64url');
  const keyHash = createHash('sha256').update(secret).digest('hex');
  return ownerKnex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const key = await createApiKey(trx, tenantId, { keyHash, role, clientIds });
    return `pvk_${key.id}.${secret}`;
  });
}

/** Counts rows of a table for a tenant through the owner connection. */
export async function countRows(knex: Knex, table: string, tenantId: string): Promise<number> {
  return knex.transaction(async (trx) => {
    await trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
    const row = (await trx(table).where({ tenantId }).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  });
}

/** Two events whose transactions commit out of order, as `interleavedCommits` leaves them. */
export type Interleaved = {
  /** The event of V: the OLDER transaction (smaller xid) with the HIGHER seq, committed. */
  v: Emitted;
  /** The event of R: the younger transaction with the LOWER seq, still open. */
  r: Emitted;
  /** Commits R (notifying `pivotal_events`, like a request). */
  commitR(): Promise<void>;
  /** Rolls R back if it is still open (for `finally`). */
  release(): Promise<void>;
};

/**
 * The outbox race of ADR 0003 with two real transactions on separate connections: V takes its xid first
 * (`pg_current_xact_id()`), R then inserts an event (lower seq), V inserts one (higher seq) and commits while
 * R stays open. A reader by seq could move its cursor past V's seq and never see R's event.
 */
export async function interleavedCommits(knex: Knex, tenantId: string): Promise<Interleaved> {
  const vTrx = await knex.transaction();
  const rTrx = await knex.transaction();
  const scope = (trx: Knex.Transaction) => trx.raw(`select set_config('app.tenant_id', ?, true)`, [tenantId]);
  try {
    await vTrx.raw('select pg_current_xact_id()');
    await scope(rTrx);
    const r = await insertEvent(rTrx, tenantId, taskCreated());
    await scope(vTrx);
    const v = await insertEvent(vTrx, tenantId, taskCreated());
    await vTrx.raw(`select pg_notify('pivotal_events', ?)`, [tenantId]);
    await vTrx.commit();
    return {
      v,
      r,
      async commitR() {
        await rTrx.raw(`select pg_notify('pivotal_events', ?)`, [tenantId]);
        await rTrx.commit();
      },
      async release() {
        if (!rTrx.isCompleted()) await rTrx.rollback().catch(() => undefined);
      },
    };
  } catch (err) {
    for (const trx of [vTrx, rTrx]) if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw err;
  }
}

/** Calls `read` until `done` holds for its answer (other test files' open transactions can hold back xmin). */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
