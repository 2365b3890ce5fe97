import type { Knex } from 'knex';

/**
 * The reply detector looks up, for every synced page, the messages the mailbox sent into the page's conversations
 * (`direction = 'out' AND conversation_id = ANY(...)`). No index led with the conversation, so each page scanned
 * the mailbox's rows: sync slowed down as the mailbox filled (quadratic over a backfill). A partial index on sent
 * mail keeps it a handful of index probes and stays small (outbound mail only).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX IF NOT EXISTS message_index_sent_conversation_idx ON message_index (tenant_id, mailbox_id, conversation_id)
    WHERE direction = 'out'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS message_index_sent_conversation_idx');
}
