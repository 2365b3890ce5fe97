import type { Knex } from 'knex';
import { tenantColumn, tenantRls } from '../rls';

/**
 * The Sequence Runner's bookkeeping: one row per step an enrollment ran (its deterministic key makes every step,
 * not only email sends, run at most once), tracking events of sends (opens, clicks, replies, bounces; bot events
 * kept with `is_bot`, never counted as human), and a claim index that leads with the tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE sequence_step_runs (
  ${tenantColumn},
  enrollment_id uuid NOT NULL,
  step_key text NOT NULL,
  sequence_id uuid NOT NULL,
  step_index int NOT NULL,
  action text NOT NULL,
  ran_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, enrollment_id, step_key),
  FOREIGN KEY (tenant_id, enrollment_id) REFERENCES sequence_enrollments (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sequence_step_runs_sequence_idx ON sequence_step_runs (tenant_id, sequence_id, step_index);
${tenantRls('sequence_step_runs')}

CREATE TABLE sequence_send_events (
  ${tenantColumn},
  id uuid NOT NULL,
  send_id uuid NOT NULL,
  sequence_id uuid NOT NULL,
  enrollment_id uuid NOT NULL,
  step_index int NOT NULL,
  kind text NOT NULL CHECK (kind IN ('open', 'click', 'reply', 'bounce')),
  is_bot boolean NOT NULL DEFAULT false,
  url text,
  user_agent text,
  occurred_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, send_id) REFERENCES sequence_sends (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sequence_send_events_enrollment_idx ON sequence_send_events (tenant_id, enrollment_id, kind, occurred_at);
CREATE INDEX sequence_send_events_sequence_idx ON sequence_send_events (tenant_id, sequence_id, step_index, kind);
${tenantRls('sequence_send_events')}

CREATE INDEX sequence_enrollments_tenant_due_idx ON sequence_enrollments (tenant_id, next_run_at) WHERE status = 'active';
CREATE INDEX sequence_sends_contact_idx ON sequence_sends (tenant_id, contact_id, created_at);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX sequence_sends_contact_idx;
DROP INDEX sequence_enrollments_tenant_due_idx;
DROP TABLE sequence_send_events;
DROP TABLE sequence_step_runs;
`);
}
