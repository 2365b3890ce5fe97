import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/** Email templates, sequences, enrollments and the suppression list. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE templates (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  subject text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'active',
  owner_id uuid,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id)
);
${tenantRls('templates')}

CREATE TABLE sequences (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  goal text NOT NULL DEFAULT 'reply' CHECK (goal IN ('meeting', 'reply', 'signup', 'custom')),
  steps jsonb NOT NULL DEFAULT '[]',
  audience jsonb NOT NULL DEFAULT '{}',
  send_window jsonb NOT NULL DEFAULT '{}',
  cooldowns jsonb NOT NULL DEFAULT '{}',
  guardrails jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'draft',
  owner_id uuid,
  archived_at timestamptz,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id)
);
${tenantRls('sequences')}

CREATE TABLE sequence_enrollments (
  ${tenantColumn},
  id uuid NOT NULL,
  sequence_id uuid NOT NULL,
  opportunity_id uuid,
  contact_id uuid,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'completed', 'failed')),
  current_step int NOT NULL DEFAULT 0,
  next_run_at timestamptz,
  last_action_at timestamptz,
  owner_id uuid NOT NULL,
  meta jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sequence_id) REFERENCES sequences (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
);
-- One live (active or paused) enrollment per contact and sequence.
CREATE UNIQUE INDEX sequence_enrollments_live_uq ON sequence_enrollments (tenant_id, sequence_id, contact_id)
  WHERE status IN ('active', 'paused');
CREATE INDEX sequence_enrollments_contact_idx ON sequence_enrollments (tenant_id, contact_id);
-- The Sequence Runner picks due enrollments across tenants.
CREATE INDEX sequence_enrollments_due_idx ON sequence_enrollments (next_run_at) WHERE status = 'active';
${tenantRls('sequence_enrollments')}

CREATE TABLE suppressions (
  ${tenantColumn},
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email)),
  reason text NOT NULL DEFAULT 'manual',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);
${tenantRls('suppressions')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE suppressions;
DROP TABLE sequence_enrollments;
DROP TABLE sequences;
DROP TABLE templates;
`);
}
