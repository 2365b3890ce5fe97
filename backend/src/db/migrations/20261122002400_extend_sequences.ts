import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * The sequence engine's tables: immutable definition versions, enrollment run state, the review queue,
 * one unique row per email send (exactly once), daily cap counters, the stop-rule cursor, holidays and
 * reps' out-of-office, per-tenant unsubscribe secrets; suppressions gain kind/value/contact.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE sequences
  ADD COLUMN client_id uuid,
  ADD COLUMN active boolean NOT NULL DEFAULT true,
  ADD COLUMN exclusive boolean NOT NULL DEFAULT false,
  ADD COLUMN stop_rules jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN definition_version int NOT NULL DEFAULT 1,
  ADD CONSTRAINT sequences_client_fkey FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id);

CREATE TABLE sequence_versions (
  ${tenantColumn},
  sequence_id uuid NOT NULL,
  version int NOT NULL,
  steps jsonb NOT NULL,
  send_window jsonb NOT NULL,
  cooldowns jsonb NOT NULL,
  guardrails jsonb NOT NULL,
  stop_rules jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sequence_id, version),
  FOREIGN KEY (tenant_id, sequence_id) REFERENCES sequences (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('sequence_versions')}

ALTER TABLE sequence_enrollments
  ADD COLUMN sequence_version int NOT NULL DEFAULT 1,
  ADD COLUMN stop_reason text,
  ADD COLUMN paused_until timestamptz,
  ADD COLUMN step_state jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN attempts int NOT NULL DEFAULT 0,
  ADD CONSTRAINT sequence_enrollments_version_fkey FOREIGN KEY (tenant_id, sequence_id, sequence_version)
    REFERENCES sequence_versions (tenant_id, sequence_id, version);
CREATE INDEX sequence_enrollments_sequence_idx ON sequence_enrollments (tenant_id, sequence_id, status);
CREATE INDEX sequence_enrollments_paused_idx ON sequence_enrollments (paused_until) WHERE status = 'paused';

CREATE TABLE sequence_approvals (
  ${tenantColumn},
  id uuid NOT NULL,
  sequence_id uuid NOT NULL,
  enrollment_id uuid NOT NULL,
  step_key text NOT NULL,
  step_index int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('manual_step', 'personalised_send')),
  contact_id uuid,
  opportunity_id uuid,
  owner_id uuid NOT NULL,
  preview jsonb,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by uuid,
  decided_at timestamptz,
  reason text,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, enrollment_id, step_key),
  FOREIGN KEY (tenant_id, enrollment_id) REFERENCES sequence_enrollments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sequence_approvals_status_idx ON sequence_approvals (tenant_id, status, id);
${tenantRls('sequence_approvals')}

CREATE TABLE sequence_sends (
  ${tenantColumn},
  id uuid NOT NULL,
  key text NOT NULL,
  sequence_id uuid NOT NULL,
  enrollment_id uuid NOT NULL,
  step_key text NOT NULL,
  step_index int NOT NULL,
  contact_id uuid,
  mailbox_user_id uuid NOT NULL,
  to_email text NOT NULL,
  subject text NOT NULL,
  html text NOT NULL,
  headers jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'cancelled', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  lease_until timestamptz,
  sent_at timestamptz,
  last_error text,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);
CREATE INDEX sequence_sends_due_idx ON sequence_sends (created_at) WHERE status IN ('queued', 'sending');
CREATE INDEX sequence_sends_enrollment_idx ON sequence_sends (tenant_id, enrollment_id);
${tenantRls('sequence_sends')}

CREATE TABLE sequence_cap_counters (
  ${tenantColumn},
  scope text NOT NULL,
  bucket timestamptz NOT NULL,
  count int NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, scope, bucket)
);
${tenantRls('sequence_cap_counters')}

CREATE TABLE sequence_event_cursors (
  ${tenantColumn},
  tx_id xid8 NOT NULL DEFAULT '0',
  seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
${tenantRls('sequence_event_cursors')}

CREATE TABLE tenant_holidays (
  ${tenantColumn},
  calendar text NOT NULL DEFAULT 'default',
  day date NOT NULL,
  name text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, calendar, day)
);
${tenantRls('tenant_holidays')}

CREATE TABLE user_out_of_office (
  ${tenantColumn},
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_out_of_office_user_idx ON user_out_of_office (tenant_id, user_id, ends_at);
${tenantRls('user_out_of_office')}

CREATE TABLE unsubscribe_secrets (
  ${tenantColumn},
  secret text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);
${tenantRls('unsubscribe_secrets')}

ALTER TABLE suppressions
  ADD COLUMN kind text NOT NULL DEFAULT 'email' CHECK (kind IN ('email', 'domain', 'phone')),
  ADD COLUMN contact_id uuid,
  ADD COLUMN created_by uuid,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT suppressions_contact_fkey FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id)
    ON DELETE SET NULL (contact_id);
ALTER TABLE suppressions RENAME COLUMN email TO value;
ALTER TABLE suppressions DROP CONSTRAINT suppressions_tenant_id_email_key;
ALTER TABLE suppressions ADD CONSTRAINT suppressions_value_key UNIQUE (tenant_id, kind, value);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE suppressions DROP CONSTRAINT suppressions_value_key;
ALTER TABLE suppressions RENAME COLUMN value TO email;
ALTER TABLE suppressions ADD CONSTRAINT suppressions_tenant_id_email_key UNIQUE (tenant_id, email);
ALTER TABLE suppressions DROP CONSTRAINT suppressions_contact_fkey, DROP COLUMN updated_at, DROP COLUMN created_by,
  DROP COLUMN contact_id, DROP COLUMN kind;
DROP TABLE unsubscribe_secrets;
DROP TABLE user_out_of_office;
DROP TABLE tenant_holidays;
DROP TABLE sequence_event_cursors;
DROP TABLE sequence_cap_counters;
DROP TABLE sequence_sends;
DROP TABLE sequence_approvals;
DROP INDEX sequence_enrollments_paused_idx;
DROP INDEX sequence_enrollments_sequence_idx;
ALTER TABLE sequence_enrollments DROP CONSTRAINT sequence_enrollments_version_fkey, DROP COLUMN attempts,
  DROP COLUMN step_state, DROP COLUMN paused_until, DROP COLUMN stop_reason, DROP COLUMN sequence_version;
DROP TABLE sequence_versions;
ALTER TABLE sequences DROP CONSTRAINT sequences_client_fkey, DROP COLUMN definition_version, DROP COLUMN stop_rules,
  DROP COLUMN exclusive, DROP COLUMN active, DROP COLUMN client_id;
`);
}
