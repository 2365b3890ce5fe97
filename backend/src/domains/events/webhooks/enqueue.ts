import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { AFTER_CURSOR, compareCursors, cursorOf, OUTBOX_START, VISIBLE, type EventCursor } from '../outbox';

/** Events taken per webhook and run (the next run continues from the webhook's cursor). */
const PER_WEBHOOK = 500;

/** One row of the candidate query: the tenant's visible horizon (repeated) and one event after the cursor. */
type Candidate = { horizon_tx: string | null; horizon_seq: number | null; tx_id: string | null; seq: number | null };

type CursorColumns = { lastEventTx: string; lastEventSeq: number };

/**
 * Turns new outbox events into pending deliveries for each active webhook of the tenant (in a transaction
 * scoped to it): events after the webhook's cursor (`last_event_tx`, `last_event_seq`) in (tx_id, seq)
 * order, visible per ADR 0003, whose name it subscribed to. The cursor then moves to the last event taken,
 * or, when the webhook is caught up, to the tenant's visible horizon (read in the same statement, so in the
 * same snapshot) so that events it does not subscribe to are not scanned again. Idempotent: a delivery is
 * unique per (webhook, event).
 */
export async function enqueueDeliveries(trx: Knex.Transaction, tenantId: string, now: Date): Promise<number> {
  const webhooks = (await trx('webhooks')
    .select('id', 'events', 'lastEventTx', 'lastEventSeq')
    .where({ tenantId, active: true })
    .forUpdate()
    .skipLocked()) as ({ id: string; events: string[] } & CursorColumns)[];
  let created = 0;
  for (const webhook of webhooks) {
    const from: EventCursor = { txId: String(webhook.lastEventTx), seq: Number(webhook.lastEventSeq) };
    const { rows } = (await trx.raw(
      `SELECT h.tx_id AS horizon_tx, h.seq AS horizon_seq, e.tx_id, e.seq
         FROM (SELECT 1) one
         LEFT JOIN LATERAL (
           SELECT tx_id, seq FROM events
            WHERE tenant_id = ? AND ${VISIBLE}
            ORDER BY tx_id DESC, seq DESC LIMIT 1
         ) h ON true
         LEFT JOIN LATERAL (
           SELECT tx_id, seq FROM events
            WHERE tenant_id = ? AND ${AFTER_CURSOR} AND ${VISIBLE} AND name = ANY (?::text[])
            ORDER BY tx_id, seq LIMIT ?
         ) e ON true
        ORDER BY e.tx_id, e.seq`,
      [tenantId, tenantId, from.txId, from.seq, webhook.events, PER_WEBHOOK],
    )) as { rows: Candidate[] };
    const taken = rows.flatMap((r) =>
      r.tx_id !== null && r.seq !== null ? [cursorOf({ txId: r.tx_id, seq: r.seq })] : [],
    );
    const first = rows[0];
    const horizon =
      first && first.horizon_tx !== null && first.horizon_seq !== null
        ? cursorOf({ txId: first.horizon_tx, seq: first.horizon_seq })
        : OUTBOX_START;
    if (taken.length > 0) {
      const inserted = await trx('webhookDeliveries')
        .insert(
          taken.map(({ seq: eventSeq }) => ({
            tenantId,
            id: uuidv7(),
            webhookId: webhook.id,
            eventSeq,
            status: 'pending',
            attempts: 0,
            nextAttemptAt: now,
            createdAt: now,
            updatedAt: now,
          })),
        )
        .onConflict(['tenantId', 'webhookId', 'eventSeq'])
        .ignore()
        .returning('id');
      created += inserted.length;
    }
    const last = taken[taken.length - 1] ?? from;
    const caughtUp = taken.length < PER_WEBHOOK;
    const cursor = caughtUp && compareCursors(horizon, last) > 0 ? horizon : last;
    if (compareCursors(cursor, from) > 0) {
      await trx('webhooks')
        .where({ tenantId, id: webhook.id })
        .update({ lastEventTx: cursor.txId, lastEventSeq: cursor.seq });
    }
  }
  return created;
}
