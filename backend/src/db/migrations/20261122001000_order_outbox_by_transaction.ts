import type { Knex } from 'knex';

/**
 * ADR 0003 (revised): outbox readers order events by (tx_id, seq) and keep that pair as their cursor. `seq`
 * is taken at insert, not at commit, so a cursor by seq alone can move past a row of a transaction that
 * commits later. The index serves the per-tenant cursor reads (`(tx_id, seq) > (..)` below the snapshot's
 * xmin) and the visible horizon (the last such pair). Webhooks keep their cursor as `last_event_tx` next to
 * `last_event_seq`; an existing cursor takes the transaction id of the event it points at. The back-fill
 * needs a migrating role that bypasses RLS (see the admin guide); otherwise existing cursors start at '0'
 * and the dispatcher rescans (a delivery is unique per webhook and event: nothing enqueued is sent again).
 * Policies are unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX events_tx_seq_idx ON events (tenant_id, tx_id, seq);

ALTER TABLE webhooks ADD COLUMN last_event_tx xid8 NOT NULL DEFAULT '0';
UPDATE webhooks w SET last_event_tx = e.tx_id
  FROM events e
 WHERE e.tenant_id = w.tenant_id AND e.seq = w.last_event_seq;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE webhooks DROP COLUMN last_event_tx;
DROP INDEX events_tx_seq_idx;
`);
}
