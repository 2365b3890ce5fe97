import type { Knex } from 'knex';
import { sharedMailboxPrivacy, tenantColumn, tenantRls } from '../rls';

/**
 * Opens and clicks of manual sends that asked for tracking (`mail.message.send` / `mail.thread.reply` with
 * `tracking`): one row per hit of the signed pixel or click redirect, flagged `is_bot` when a machine made it
 * (kept for raw figures, never counted as human). Mail privacy as for the outbox row it belongs to.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE mail_tracking_events (
  ${tenantColumn},
  id uuid NOT NULL,
  outbox_id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  user_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('open', 'click')),
  is_bot boolean NOT NULL,
  url text,
  user_agent text,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, outbox_id) REFERENCES mail_outbox (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX mail_tracking_events_outbox_idx ON mail_tracking_events (tenant_id, outbox_id, occurred_at);
${tenantRls('mail_tracking_events')}
${sharedMailboxPrivacy('mail_tracking_events', 'mailbox_id')}
-- mail.message.get finds the outbox row a sent copy came from.
CREATE INDEX mail_outbox_message_idx ON mail_outbox (tenant_id, message_id) WHERE message_id IS NOT NULL;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX mail_outbox_message_idx; DROP TABLE mail_tracking_events');
}
