import type { Knex } from 'knex';
import { clientScope, tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * Calls and meetings.
 *
 * - `call_sessions` gains what the call domain keeps: the dialled number, the task being worked, the client (for
 *   client-scoped callers), the provider's call ids, the recording (its pointer sealed, its state and the consent
 *   rule it was decided under), the engagement that logs the call, when it connected and why it failed.
 * - `call_identities`: each user's provider identity (an ACS user id), sealed.
 * - `call_signals`: provider callbacks already applied, by event id (a retried callback is applied once).
 * - `call_transcripts`: transcripts, their text and segments sealed; deleted by retention.
 * - `meetings`: meetings booked through the calendar or logged after the fact.
 * - `tasks.dialer_skipped_at`: a call task the power dialer skipped goes to the back of the queue;
 *   `tasks.sequence_id`: the sequence whose call step made the task (the dialer can work one sequence's calls).
 * - `call_route(server_call_id)`: the recording-file route learns the tenant from the call before any tenant is set.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE call_sessions
  ADD COLUMN to_number text,
  ADD COLUMN custom_disposition text,
  ADD COLUMN task_id uuid,
  ADD COLUMN client_id uuid,
  ADD COLUMN provider_call_id text,
  ADD COLUMN server_call_id text,
  ADD COLUMN region text,
  ADD COLUMN consent_rule text CHECK (consent_rule IN ('disabled', 'oneParty', 'allParty')),
  ADD COLUMN recording_state text NOT NULL DEFAULT 'off'
    CHECK (recording_state IN ('off', 'awaiting_consent', 'refused', 'allowed', 'recording', 'stopped', 'ready', 'purged')),
  ADD COLUMN recording_id text,
  ADD COLUMN recording_sealed bytea,
  ADD COLUMN recorded_at timestamptz,
  ADD COLUMN connected_at timestamptz,
  ADD COLUMN failure_reason text,
  ADD COLUMN dispositioned_at timestamptz,
  ADD COLUMN engagement_id uuid,
  ADD COLUMN engagement_occurred_at timestamptz,
  ADD CONSTRAINT call_sessions_client_fk FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  ADD CONSTRAINT call_sessions_task_fk FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id)
    ON DELETE SET NULL (task_id);
ALTER TABLE call_sessions DROP COLUMN recording_url;
CREATE INDEX call_sessions_contact_idx ON call_sessions (tenant_id, contact_id, started_at DESC);
CREATE INDEX call_sessions_server_call_idx ON call_sessions (server_call_id) WHERE server_call_id IS NOT NULL;
CREATE INDEX call_sessions_retention_idx ON call_sessions (tenant_id, recorded_at) WHERE recording_sealed IS NOT NULL;
${clientScope('call_sessions')}

CREATE FUNCTION call_route(server_call text) RETURNS TABLE (tenant_id uuid, call_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT c.tenant_id, c.id FROM call_sessions c WHERE c.server_call_id = server_call $$;
REVOKE ALL ON FUNCTION call_route(text) FROM PUBLIC;

CREATE TABLE call_identities (
  ${tenantColumn},
  user_id uuid NOT NULL,
  provider text NOT NULL,
  identity_sealed bytea NOT NULL,
  ${timestamps},
  PRIMARY KEY (tenant_id, user_id, provider),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('call_identities')}

CREATE TABLE call_signals (
  ${tenantColumn},
  provider text NOT NULL,
  event_id text NOT NULL,
  call_id uuid NOT NULL,
  kind text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, provider, event_id)
);
${tenantRls('call_signals')}

CREATE TABLE call_transcripts (
  ${tenantColumn},
  id uuid NOT NULL,
  call_id uuid NOT NULL,
  language text,
  text_sealed bytea NOT NULL,
  segments_sealed bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, call_id) REFERENCES call_sessions (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX call_transcripts_call_idx ON call_transcripts (tenant_id, call_id);
CREATE INDEX call_transcripts_retention_idx ON call_transcripts (tenant_id, created_at);
${tenantRls('call_transcripts')}

CREATE TABLE meetings (
  ${tenantColumn},
  id uuid NOT NULL,
  organizer_id uuid NOT NULL,
  subject text NOT NULL,
  start_at timestamptz NOT NULL,
  end_at timestamptz NOT NULL,
  time_zone text NOT NULL,
  attendees jsonb NOT NULL DEFAULT '[]',
  location text,
  online_meeting_url text,
  opportunity_id uuid,
  account_id uuid,
  client_id uuid,
  status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'noShow', 'cancelled')),
  notes text,
  external_event_id text,
  engagement_id uuid,
  engagement_occurred_at timestamptz,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, organizer_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  CHECK (start_at < end_at)
);
CREATE INDEX meetings_opportunity_idx ON meetings (tenant_id, opportunity_id, start_at);
CREATE INDEX meetings_organizer_idx ON meetings (tenant_id, organizer_id, start_at);
${tenantRls('meetings')}
${clientScope('meetings')}

ALTER TABLE tasks ADD COLUMN dialer_skipped_at timestamptz, ADD COLUMN sequence_id uuid;
-- The power dialer's queue: a rep's call tasks not done yet, in the order it hands them (dialerQueue.ts).
CREATE INDEX tasks_dialer_idx ON tasks (tenant_id, owner_id, (status = 'inProgress') DESC, dialer_skipped_at ASC NULLS FIRST,
  (CASE priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END), due_at, id)
  WHERE type = 'call' AND status <> 'completed';
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX tasks_dialer_idx;
ALTER TABLE tasks DROP COLUMN dialer_skipped_at, DROP COLUMN sequence_id;
DROP TABLE meetings;
DROP TABLE call_transcripts;
DROP TABLE call_signals;
DROP TABLE call_identities;
DROP FUNCTION call_route(text);
DROP POLICY IF EXISTS client_scope ON call_sessions;
DROP INDEX call_sessions_retention_idx;
DROP INDEX call_sessions_server_call_idx;
DROP INDEX call_sessions_contact_idx;
ALTER TABLE call_sessions ADD COLUMN recording_url text;
ALTER TABLE call_sessions
  DROP CONSTRAINT call_sessions_task_fk,
  DROP CONSTRAINT call_sessions_client_fk,
  DROP COLUMN engagement_occurred_at,
  DROP COLUMN engagement_id,
  DROP COLUMN dispositioned_at,
  DROP COLUMN failure_reason,
  DROP COLUMN connected_at,
  DROP COLUMN recorded_at,
  DROP COLUMN recording_sealed,
  DROP COLUMN recording_id,
  DROP COLUMN recording_state,
  DROP COLUMN consent_rule,
  DROP COLUMN region,
  DROP COLUMN server_call_id,
  DROP COLUMN provider_call_id,
  DROP COLUMN client_id,
  DROP COLUMN task_id,
  DROP COLUMN custom_disposition,
  DROP COLUMN to_number;
`);
}
