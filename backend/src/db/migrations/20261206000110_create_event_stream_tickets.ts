import type { Knex } from 'knex';
import { tenantColumn, tenantRls } from '../rls';

/**
 * One-time tickets for the live event stream (issue 12, item 8): `EventSource` cannot send an Authorization
 * header, and a bearer token in a URL lands in proxy and browser logs for as long as it lives (the tab's lasts
 * 8 hours). A ticket is minted with the bearer token, lives 60 seconds and opens one stream. Only the secret's
 * SHA-256 is stored, with the principal it stands for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE event_stream_tickets (
  ${tenantColumn},
  id uuid NOT NULL,
  secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
  principal jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX event_stream_tickets_expiry_idx ON event_stream_tickets (tenant_id, expires_at);
${tenantRls('event_stream_tickets')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE event_stream_tickets');
}
