import type { Knex } from 'knex';

/**
 * Per-webhook outbox cursor: the delivery dispatcher reads events after `last_event_seq` (with the outbox
 * visibility rule of ADR 0003) and turns them into webhook_deliveries. `last_delivery_at` backs the DTO's
 * lastDeliveryAt. Existing policies (tenant isolation, FORCE RLS) are unchanged.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE webhooks
  ADD COLUMN last_event_seq bigint NOT NULL DEFAULT 0,
  ADD COLUMN last_delivery_at timestamptz;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE webhooks
  DROP COLUMN last_delivery_at,
  DROP COLUMN last_event_seq;
`);
}
