import type { Knex } from 'knex';
import { mailboxPrivacy, tenantColumn, tenantRls } from '../rls';

/**
 * Emails logged from the Outlook pane before Pivotal synced them (`engagement.log { internetMessageId }`): one row
 * per user and message names the engagement made, so logging the same email twice answers that engagement instead
 * of a second one, and the sync that later indexes the message attaches it to that engagement rather than adding
 * its own. Private to the user who logged it, as their mail is.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE logged_messages (
  ${tenantColumn},
  user_id uuid NOT NULL,
  internet_message_id text NOT NULL,
  engagement_id uuid NOT NULL,
  engagement_occurred_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, user_id, internet_message_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
${tenantRls('logged_messages')}
${mailboxPrivacy('logged_messages')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE logged_messages');
}
