import type { Knex } from 'knex';
import { clientScope, tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * Lead cadences and promotions (DESIGN.md section 12): one cadence per pipeline; leads with their stage and an
 * absolute next action; promotions with one time-locked container row per touchpoint (never one row per lead per
 * touchpoint), a persisted cohort, sparse per-lead touchpoint statuses apart from the schedule, immutable
 * pre-promotion snapshots of snapped leads, and explicit lock-release records that outlive their promotion.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE lead_cadences (
  ${tenantColumn},
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  client_id uuid,
  stages jsonb NOT NULL,
  day_start_time text NOT NULL CHECK (day_start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
  -- NULL: the tenant's time zone.
  time_zone text,
  rollover boolean NOT NULL DEFAULT true,
  -- The local date (in the cadence's zone) the nightly rollover last ran for: the job's idempotency key.
  last_rollover_on date,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, pipeline_id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('lead_cadences')}
${clientScope('lead_cadences')}

CREATE TABLE leads (
  ${tenantColumn},
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  client_id uuid,
  contact_id uuid,
  account_id uuid,
  opportunity_id uuid,
  owner_id uuid NOT NULL,
  name text NOT NULL,
  stage_key text NOT NULL,
  stage_status text NOT NULL CHECK (stage_status IN ('pending', 'completed')),
  state text NOT NULL CHECK (state IN ('open', 'converted', 'drop_out', 'closed')),
  next_action_at timestamptz,
  last_action_at timestamptz,
  last_action_source text,
  -- The lock: the promotion whose touchpoint replaced this lead's upcoming stage.
  snapped_promotion_id uuid,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id) ON DELETE SET NULL (contact_id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id) ON DELETE SET NULL (account_id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE SET NULL (opportunity_id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
);
-- The due queue (lead.due.list, rollover): active leads by owner / pipeline, soonest first.
CREATE INDEX leads_due_owner_idx ON leads (tenant_id, owner_id, next_action_at, id)
  WHERE state = 'open' AND stage_status = 'pending';
CREATE INDEX leads_due_pipeline_idx ON leads (tenant_id, pipeline_id, next_action_at, id)
  WHERE state = 'open' AND stage_status = 'pending';
CREATE INDEX leads_recent_idx ON leads (tenant_id, created_at DESC, id DESC);
CREATE INDEX leads_snapped_idx ON leads (tenant_id, snapped_promotion_id) WHERE snapped_promotion_id IS NOT NULL;
${tenantRls('leads')}
${clientScope('leads')}

CREATE TABLE promotions (
  ${tenantColumn},
  id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  client_id uuid,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'expired')),
  end_date timestamptz NOT NULL,
  snap_window_days int NOT NULL,
  cohort_taken_at timestamptz NOT NULL,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, pipeline_id) REFERENCES pipelines (tenant_id, id)
);
CREATE INDEX promotions_active_idx ON promotions (tenant_id, status, end_date);
${tenantRls('promotions')}
${clientScope('promotions')}

-- One time-locked container per touchpoint: only promotion.update writes scheduled_at.
CREATE TABLE promotion_touchpoints (
  ${tenantColumn},
  promotion_id uuid NOT NULL,
  id uuid NOT NULL,
  position int NOT NULL,
  name text NOT NULL,
  scheduled_at timestamptz NOT NULL,
  channel text NOT NULL,
  template_id text,
  notes text,
  PRIMARY KEY (tenant_id, promotion_id, id),
  FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('promotion_touchpoints')}

-- The persisted cohort snapshot: which leads, how each was selected.
CREATE TABLE promotion_cohort (
  ${tenantColumn},
  promotion_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  position int NOT NULL,
  sources text[] NOT NULL,
  PRIMARY KEY (tenant_id, promotion_id, lead_id),
  FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('promotion_cohort')}

-- Per-lead status at a touchpoint, apart from the schedule; sparse: no row means open.
CREATE TABLE promotion_touchpoint_statuses (
  ${tenantColumn},
  promotion_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('done', 'skipped')),
  reason text,
  completed_at timestamptz NOT NULL,
  actor_id uuid,
  PRIMARY KEY (tenant_id, promotion_id, touchpoint_id, lead_id),
  FOREIGN KEY (tenant_id, promotion_id, touchpoint_id) REFERENCES promotion_touchpoints (tenant_id, promotion_id, id) ON DELETE CASCADE
);
${tenantRls('promotion_touchpoint_statuses')}

-- The immutable pre-promotion snapshot of a snapped lead's scheduling fields (a trigger refuses changes to them).
CREATE TABLE promotion_snapshots (
  ${tenantColumn},
  promotion_id uuid NOT NULL,
  lead_id uuid NOT NULL,
  touchpoint_id uuid NOT NULL,
  replaced_stage_key text NOT NULL,
  stage_due_at timestamptz,
  pre_stage_key text NOT NULL,
  pre_stage_status text NOT NULL,
  pre_state text NOT NULL,
  pre_next_action_at timestamptz,
  pre_last_action_at timestamptz,
  pre_last_action_source text,
  taken_at timestamptz NOT NULL,
  -- How the snap ended (NULL while the lead is still locked): restored, released (forced) or resolved (advanced).
  ended_as text CHECK (ended_as IN ('restored', 'released', 'resolved')),
  ended_at timestamptz,
  PRIMARY KEY (tenant_id, promotion_id, lead_id),
  FOREIGN KEY (tenant_id, promotion_id) REFERENCES promotions (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('promotion_snapshots')}
CREATE FUNCTION promotion_snapshots_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.lead_id, NEW.replaced_stage_key, NEW.stage_due_at, NEW.pre_stage_key, NEW.pre_stage_status, NEW.pre_state,
      NEW.pre_next_action_at, NEW.pre_last_action_at, NEW.pre_last_action_source, NEW.taken_at)
     IS DISTINCT FROM
     (OLD.lead_id, OLD.replaced_stage_key, OLD.stage_due_at, OLD.pre_stage_key, OLD.pre_stage_status, OLD.pre_state,
      OLD.pre_next_action_at, OLD.pre_last_action_at, OLD.pre_last_action_source, OLD.taken_at) THEN
    RAISE EXCEPTION 'a pre-promotion snapshot is immutable';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER promotion_snapshots_immutable BEFORE UPDATE ON promotion_snapshots
  FOR EACH ROW EXECUTE FUNCTION promotion_snapshots_immutable();

-- Explicit releases of promotion locks by forced lead changes; kept after the promotion is deleted.
CREATE TABLE lead_lock_releases (
  ${tenantColumn},
  id uuid NOT NULL,
  lead_id uuid NOT NULL,
  promotion_id uuid NOT NULL,
  operation text NOT NULL,
  released_at timestamptz NOT NULL,
  released_by uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_lock_releases_lead_idx ON lead_lock_releases (tenant_id, lead_id, released_at DESC);
${tenantRls('lead_lock_releases')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE lead_lock_releases;
DROP TABLE promotion_snapshots;
DROP FUNCTION promotion_snapshots_immutable();
DROP TABLE promotion_touchpoint_statuses;
DROP TABLE promotion_cohort;
DROP TABLE promotion_touchpoints;
DROP TABLE promotions;
DROP TABLE leads;
DROP TABLE lead_cadences;
`);
}
