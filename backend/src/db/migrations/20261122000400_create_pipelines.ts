import type { Knex } from 'knex';
import { clientScope, tenantColumn, tenantRls, timestamps } from '../rls';

/** Pipelines, opportunities and forecast snapshots. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE pipelines (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  owner_id uuid NOT NULL,
  default_currency char(3) NOT NULL CHECK (default_currency ~ '^[A-Z]{3}$'),
  stage_order text[] NOT NULL,
  sla_policy jsonb NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  -- NULL: an internal pipeline, private to internal roles.
  client_id uuid,
  project_ids uuid[] NOT NULL DEFAULT '{}',
  archived_at timestamptz,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX pipelines_client_idx ON pipelines (tenant_id, client_id);
${tenantRls('pipelines')}
${clientScope('pipelines')}

CREATE TABLE opportunities (
  ${tenantColumn},
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  client_id uuid,
  project_id uuid,
  name text NOT NULL,
  account_id uuid NOT NULL,
  primary_contact_id uuid,
  owner_id uuid NOT NULL,
  stage text NOT NULL,
  amount numeric(18,2) NOT NULL DEFAULT 0,
  currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  probability double precision NOT NULL DEFAULT 0 CHECK (probability BETWEEN 0 AND 1),
  close_date date,
  source text CHECK (source IN ('campaign', 'inbound', 'outbound', 'referral')),
  score int NOT NULL DEFAULT 0,
  tags text[] NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'won', 'lost', 'onHold')),
  reason text,
  stage_entered_at timestamptz NOT NULL DEFAULT now(),
  last_activity_at timestamptz,
  closed_at timestamptz,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, project_id) REFERENCES projects (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, primary_contact_id) REFERENCES contacts (tenant_id, id)
    ON DELETE SET NULL (primary_contact_id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
);
-- A rep's list ("my open opportunities, most recently touched first", keyset on updated_at, id).
CREATE INDEX opportunities_owner_list_idx
  ON opportunities (tenant_id, owner_id, status, updated_at DESC, id);
-- The pipeline board.
CREATE INDEX opportunities_board_idx ON opportunities (tenant_id, pipeline_id, stage);
-- Forecast rollups.
CREATE INDEX opportunities_forecast_idx ON opportunities (tenant_id, status, pipeline_id);
CREATE INDEX opportunities_account_idx ON opportunities (tenant_id, account_id);
CREATE INDEX opportunities_client_idx ON opportunities (tenant_id, client_id);
CREATE INDEX opportunities_tags_idx ON opportunities USING gin (tags);
CREATE INDEX opportunities_name_trgm_idx ON opportunities USING gin (lower(name) gin_trgm_ops);
${tenantRls('opportunities')}
${clientScope('opportunities')}

CREATE TABLE forecast_snapshots (
  ${tenantColumn},
  id uuid NOT NULL,
  pipeline_id uuid,
  taken_at timestamptz NOT NULL DEFAULT now(),
  period jsonb NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX forecast_snapshots_taken_idx ON forecast_snapshots (tenant_id, pipeline_id, taken_at DESC);
${tenantRls('forecast_snapshots')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE forecast_snapshots;
DROP TABLE opportunities;
DROP TABLE pipelines;
`);
}
