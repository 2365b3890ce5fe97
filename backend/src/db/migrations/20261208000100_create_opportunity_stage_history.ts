import type { Knex } from 'knex';
import { clientScope, forEachTenant, tenantColumn, tenantRls } from '../rls';

/**
 * The stage history of every opportunity, kept by the database: one row per stay in a stage (entered, exited),
 * written by statement triggers on `opportunities`, so every path that changes a stage (moveStage, win, lose, an
 * import, a seed, a future bulk edit) is recorded and none can forget. Conversion rates and velocity
 * (`pipeline.metrics.get`) and an opportunity's history (`opportunity.metrics.get`) read it.
 *
 * The owner, client and project are copied onto the rows (and follow the opportunity when they change), so the
 * client-scope policy and the analytics filters apply without a join. Statement-level triggers with transition
 * tables, as for the forecast rollups: one insert per statement, not one per row. Existing opportunities get one
 * row for the stage they are in, entered at their `stage_entered_at` (their earlier moves were not recorded).
 */
const copied = 'owner_id, client_id, project_id';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE opportunity_stage_history (
  ${tenantColumn},
  id bigint GENERATED ALWAYS AS IDENTITY,
  opportunity_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  stage text NOT NULL,
  entered_at timestamptz NOT NULL,
  -- NULL: the opportunity is still in this stage.
  exited_at timestamptz,
  owner_id uuid NOT NULL,
  client_id uuid,
  project_id uuid,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE
);
-- One opportunity's stays in order; the analytics' per-pipeline scans by entry time.
CREATE INDEX opportunity_stage_history_opp_idx ON opportunity_stage_history (tenant_id, opportunity_id, entered_at);
CREATE INDEX opportunity_stage_history_pipeline_idx ON opportunity_stage_history (tenant_id, pipeline_id, entered_at);
-- At most one open stay per opportunity.
CREATE UNIQUE INDEX opportunity_stage_history_current_idx ON opportunity_stage_history (tenant_id, opportunity_id)
  WHERE exited_at IS NULL;
${tenantRls('opportunity_stage_history')}
${clientScope('opportunity_stage_history')}

CREATE FUNCTION opportunity_stage_history_track() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO opportunity_stage_history (tenant_id, opportunity_id, pipeline_id, stage, entered_at, ${copied})
    SELECT n.tenant_id, n.id, n.pipeline_id, n.stage, n.stage_entered_at, n.owner_id, n.client_id, n.project_id
      FROM new_rows n;
    RETURN NULL;
  END IF;
  -- A stage (or pipeline) change closes the current stay and opens the next one.
  UPDATE opportunity_stage_history h SET exited_at = greatest(n.stage_entered_at, h.entered_at)
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE (n.stage <> o.stage OR n.pipeline_id <> o.pipeline_id)
     AND h.tenant_id = n.tenant_id AND h.opportunity_id = n.id AND h.exited_at IS NULL;
  INSERT INTO opportunity_stage_history (tenant_id, opportunity_id, pipeline_id, stage, entered_at, ${copied})
  SELECT n.tenant_id, n.id, n.pipeline_id, n.stage, n.stage_entered_at, n.owner_id, n.client_id, n.project_id
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE n.stage <> o.stage OR n.pipeline_id <> o.pipeline_id;
  -- A new owner, client or project: the copies follow.
  UPDATE opportunity_stage_history h SET owner_id = n.owner_id, client_id = n.client_id, project_id = n.project_id
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE (n.owner_id, n.client_id, n.project_id) IS DISTINCT FROM (o.owner_id, o.client_id, o.project_id)
     AND h.tenant_id = n.tenant_id AND h.opportunity_id = n.id;
  RETURN NULL;
END
$fn$;

CREATE TRIGGER opportunity_stage_history_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_stage_history_track();
CREATE TRIGGER opportunity_stage_history_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION opportunity_stage_history_track();

${forEachTenant(`INSERT INTO opportunity_stage_history (tenant_id, opportunity_id, pipeline_id, stage, entered_at, ${copied})
    SELECT o.tenant_id, o.id, o.pipeline_id, o.stage, o.stage_entered_at, o.owner_id, o.client_id, o.project_id
      FROM opportunities o WHERE o.tenant_id = tenant.id`)}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TRIGGER IF EXISTS opportunity_stage_history_insert ON opportunities;
DROP TRIGGER IF EXISTS opportunity_stage_history_update ON opportunities;
DROP FUNCTION IF EXISTS opportunity_stage_history_track();
DROP TABLE IF EXISTS opportunity_stage_history;
`);
}
