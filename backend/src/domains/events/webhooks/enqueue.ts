import type { Knex } from 'knex';
import { uuidv7 } from '../../../db/ids';
import { VISIBLE } from '../outbox';

/** Events taken per webhook and run (the next run continues from the webhook's cursor). */
const PER_WEBHOOK = 500;

type Candidate = { horizon: number; seq: number | null };

/**
 * Turns new outbox events into pending deliveries for each active webhook of the tenant (in a transaction
 * scoped to it): events after the webhook's `last_event_seq`, visible per ADR 0003, whose name it
 * subscribed to. The cursor then moves to the last event taken, or, when the webhook is caught up, to the
 * tenant's visible horizon (read in the same statement, so in the same snapshot) so that events it does not
 * subscribe to are not scanned again. Idempotent: a delivery is unique per (webhook, event).
 */
export async function enqueueDeliveries(trx: Knex.Transaction, tenantId: string, now: Date): Promise<number> {
  const webhooks = (await trx('webhooks')
    .select('id', 'events', 'lastEventSeq')
    .where({ tenantId, active: true })
    .forUpdate()
    .skipLocked()) as { id: string; events: string[]; lastEventSeq: number }[];
  let created = 0;
  for (const webhook of webhooks) {
    const { rows } = (await trx.raw(
      `SELECT h.horizon, e.seq
         FROM (SELECT coalesce(max(seq), 0) AS horizon FROM events WHERE tenant_id = ? AND ${VISIBLE}) h
         LEFT JOIN LATERAL (
           SELECT seq FROM events
            WHERE tenant_id = ? AND seq > ? AND ${VISIBLE} AND name = ANY (?::text[])
            ORDER BY seq LIMIT ?
         ) e ON true
        ORDER BY e.seq`,
      [tenantId, tenantId, webhook.lastEventSeq, webhook.events, PER_WEBHOOK],
    )) as { rows: Candidate[] };
    const seqs = rows.map((r) => r.seq).filter((s): s is number => s !== null);
    const horizon = rows[0]?.horizon ?? 0;
    if (seqs.length > 0) {
      const inserted = await trx('webhookDeliveries')
        .insert(seqs.map((eventSeq) => ({
          tenantId, id: uuidv7(), webhookId: webhook.id, eventSeq, status: 'pending', attempts: 0,
          nextAttemptAt: now, createdAt: now, updatedAt: now,
        })))
        .onConflict(['tenantId', 'webhookId', 'eventSeq'])
        .ignore()
        .returning('id');
      created += inserted.length;
    }
    const caughtUp = seqs.length < PER_WEBHOOK;
    const cursor = caughtUp ? Math.max(horizon, seqs[seqs.length - 1] ?? 0) : seqs[seqs.length - 1]!;
    if (cursor > webhook.lastEventSeq) {
      await trx('webhooks').where({ tenantId, id: webhook.id }).update({ lastEventSeq: cursor });
    }
  }
  return created;
}
