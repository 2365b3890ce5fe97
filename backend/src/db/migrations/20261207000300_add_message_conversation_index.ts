import type { Knex } from 'knex';

/**
 * `mailContext.get` finds the opportunities an email's conversation was logged to (the other messages of the thread
 * in the caller's mailbox): a conversation lookup over every direction, which the sent-only index cannot serve.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS message_index_user_conversation_idx ON message_index (tenant_id, user_id, conversation_id) WHERE conversation_id IS NOT NULL;`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS message_index_user_conversation_idx;`);
}
