import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * Scoring: the tenant's weights (`score_configs`, one row per tenant, absent = the defaults), the subjects whose
 * inputs changed since their last score (`score_dirty`: one row per subject however many events touched it, so a
 * burst of events costs one recompute), and two inputs the opportunity row did not keep: how many times its close
 * date was pushed later, and the amount it was first recorded with (kept by a BEFORE trigger on every path).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE score_configs (
  ${tenantColumn},
  id uuid NOT NULL,
  weights jsonb NOT NULL,
  thresholds jsonb NOT NULL,
  decay_days int NOT NULL CHECK (decay_days BETWEEN 1 AND 365),
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id),
  UNIQUE (tenant_id, id)
);
${tenantRls('score_configs')}

CREATE TABLE score_dirty (
  ${tenantColumn},
  subject_type text NOT NULL CHECK (subject_type IN ('opportunity', 'contact')),
  subject_id uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, subject_type, subject_id)
);
${tenantRls('score_dirty')}

ALTER TABLE opportunities
  ADD COLUMN close_date_pushes int NOT NULL DEFAULT 0,
  -- NULL on rows older than this migration: readers take the amount then.
  ADD COLUMN first_amount numeric(18,2);

CREATE FUNCTION opportunities_score_inputs() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    NEW.first_amount := coalesce(NEW.first_amount, NEW.amount);
  ELSIF NEW.close_date > OLD.close_date AND NEW.status = 'open' THEN
    NEW.close_date_pushes := OLD.close_date_pushes + 1;
  END IF;
  RETURN NEW;
END
$fn$;
CREATE TRIGGER opportunities_score_inputs BEFORE INSERT OR UPDATE OF close_date ON opportunities
  FOR EACH ROW EXECUTE FUNCTION opportunities_score_inputs();
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TRIGGER IF EXISTS opportunities_score_inputs ON opportunities;
DROP FUNCTION IF EXISTS opportunities_score_inputs();
ALTER TABLE opportunities DROP COLUMN IF EXISTS close_date_pushes, DROP COLUMN IF EXISTS first_amount;
DROP TABLE IF EXISTS score_dirty;
DROP TABLE IF EXISTS score_configs;
`);
}
