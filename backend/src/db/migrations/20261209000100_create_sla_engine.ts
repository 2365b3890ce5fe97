import type { Knex } from 'knex';
import { clientScope, forEachTenant, tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * The SLA engine (issue 16) and the team model it escalates along.
 *
 * - `users.manager_id`: who a user reports to (a manager sees their team; escalations go there).
 * - `sla_dirty`: opportunities whose SLA clock must be recomputed, marked by statement triggers on every path that
 *   changes an input (a human engagement, a stage, owner or status change, a pipeline's policy, the owner's
 *   out-of-office, the tenant's holidays or time zone), one row per opportunity however many changes arrive.
 * - `sla_clocks`: per open opportunity with a limit, when its idle and time-in-stage limits fall due (in real time,
 *   computed on the pipeline's clock in the tenant's zone with the pauses applied); the due index is what the
 *   breach finder reads.
 * - `sla_breaches`: one row per breach, at most one open per (opportunity, kind) (the unique index is what makes a
 *   breach, its task and its card exactly once under concurrent workers); cleared by a human engagement, a stage
 *   move or the deal closing, so a later breach is a new row. Rows stay: adherence over a period reads them.
 * - tasks get the origin `sla`.
 *
 * Every mark also NOTIFYs `pivotal_sla`, which the workers turn into an evaluation within a second.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE users ADD COLUMN manager_id uuid,
  ADD CONSTRAINT users_manager_fk FOREIGN KEY (tenant_id, manager_id) REFERENCES users (tenant_id, id),
  ADD CONSTRAINT users_manager_not_self CHECK (manager_id <> id);
CREATE INDEX users_manager_idx ON users (tenant_id, manager_id) WHERE manager_id IS NOT NULL;

ALTER TABLE tasks DROP CONSTRAINT tasks_origin_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin_check
  CHECK (origin IN ('sequence', 'manual', 'qa', 'campaign', 'sla'));

CREATE TABLE sla_dirty (
  ${tenantColumn},
  opportunity_id uuid NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, opportunity_id)
);
${tenantRls('sla_dirty')}

CREATE TABLE sla_clocks (
  ${tenantColumn},
  opportunity_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  stage text NOT NULL,
  -- The last human engagement on the deal (NULL: none yet); the idle clock runs from it or the stage entry.
  last_touch_at timestamptz,
  stage_entered_at timestamptz NOT NULL,
  idle_due_at timestamptz,
  stage_due_at timestamptz,
  due_at timestamptz GENERATED ALWAYS AS (least(idle_due_at, stage_due_at)) STORED,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, opportunity_id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX sla_clocks_due_idx ON sla_clocks (tenant_id, due_at) WHERE due_at IS NOT NULL;
${tenantRls('sla_clocks')}

CREATE TABLE sla_breaches (
  ${tenantColumn},
  id uuid NOT NULL,
  opportunity_id uuid NOT NULL,
  pipeline_id uuid NOT NULL,
  owner_id uuid NOT NULL,
  client_id uuid,
  stage text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('idle', 'stage_time')),
  limit_hours int NOT NULL,
  due_at timestamptz NOT NULL,
  breached_at timestamptz NOT NULL,
  task_id uuid,
  escalate_at timestamptz NOT NULL,
  escalated_at timestamptz,
  escalated_to uuid,
  cleared_at timestamptz,
  cleared_reason text CHECK (cleared_reason IN ('engagement', 'stage_move', 'closed', 'policy')),
  -- The first human engagement after the breach (time to first touch, the observability figure).
  first_touch_at timestamptz,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE,
  -- Deferred: the breach row names its task before the task is written (only a breach that was new gets one).
  FOREIGN KEY (tenant_id, task_id) REFERENCES tasks (tenant_id, id) DEFERRABLE INITIALLY DEFERRED,
  CHECK ((cleared_at IS NULL) = (cleared_reason IS NULL))
);
CREATE UNIQUE INDEX sla_breaches_open_idx ON sla_breaches (tenant_id, opportunity_id, kind) WHERE cleared_at IS NULL;
CREATE INDEX sla_breaches_escalate_idx ON sla_breaches (tenant_id, escalate_at)
  WHERE cleared_at IS NULL AND escalated_at IS NULL;
CREATE INDEX sla_breaches_owner_idx ON sla_breaches (tenant_id, owner_id, breached_at);
CREATE INDEX sla_breaches_task_idx ON sla_breaches (tenant_id, task_id) WHERE task_id IS NOT NULL;
${tenantRls('sla_breaches')}
${clientScope('sla_breaches')}

-- Marks: one INSERT per statement. SECURITY INVOKER: the rows written are the caller's tenant's.
CREATE FUNCTION sla_mark_engagements() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  -- A human touch (the scoring's rule: mail, calls, meetings; never a bot's) moves the clock's last touch forward.
  WITH touched AS (
    SELECT n.tenant_id, n.opportunity_id, max(n.occurred_at) AS at FROM new_rows n
     WHERE n.opportunity_id IS NOT NULL AND NOT n.is_bot
       AND n.type IN ('email_in', 'email_out', 'call_in', 'call_out', 'meeting')
     GROUP BY n.tenant_id, n.opportunity_id
  ), moved AS (
    UPDATE sla_clocks c SET last_touch_at = greatest(c.last_touch_at, t.at)
      FROM touched t WHERE c.tenant_id = t.tenant_id AND c.opportunity_id = t.opportunity_id
  )
  INSERT INTO sla_dirty (tenant_id, opportunity_id) SELECT t.tenant_id, t.opportunity_id FROM touched t
  ON CONFLICT DO NOTHING;
  -- Wakes the SLA worker at once (one notice per transaction whatever the number of statements).
  PERFORM pg_notify('pivotal_sla', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER sla_mark_engagements_insert AFTER INSERT ON engagements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_engagements();

CREATE FUNCTION sla_mark_opportunities() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO sla_dirty (tenant_id, opportunity_id) SELECT n.tenant_id, n.id FROM new_rows n
    ON CONFLICT DO NOTHING;
  ELSE
    INSERT INTO sla_dirty (tenant_id, opportunity_id)
    SELECT n.tenant_id, n.id FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
     WHERE (n.stage, n.status, n.owner_id, n.pipeline_id, n.stage_entered_at, n.last_activity_at)
           IS DISTINCT FROM (o.stage, o.status, o.owner_id, o.pipeline_id, o.stage_entered_at, o.last_activity_at)
    ON CONFLICT DO NOTHING;
  END IF;
  -- Wakes the SLA worker at once (one notice per transaction whatever the number of statements).
  PERFORM pg_notify('pivotal_sla', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER sla_mark_opportunities_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_opportunities();
CREATE TRIGGER sla_mark_opportunities_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
  EXECUTE FUNCTION sla_mark_opportunities();

CREATE FUNCTION sla_mark_pipelines() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO sla_dirty (tenant_id, opportunity_id)
  SELECT o.tenant_id, o.id
    FROM new_rows n JOIN old_rows p ON p.tenant_id = n.tenant_id AND p.id = n.id
    JOIN opportunities o ON o.tenant_id = n.tenant_id AND o.pipeline_id = n.id AND o.status = 'open'
   WHERE (n.sla_policy, n.stage_order) IS DISTINCT FROM (p.sla_policy, p.stage_order)
  ON CONFLICT DO NOTHING;
  -- Wakes the SLA worker at once (one notice per transaction whatever the number of statements).
  PERFORM pg_notify('pivotal_sla', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER sla_mark_pipelines_update AFTER UPDATE ON pipelines
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_pipelines();

-- The owner's out-of-office (row triggers: a handful of rows per statement).
CREATE FUNCTION sla_mark_owner() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
BEGIN
  r := CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
  INSERT INTO sla_dirty (tenant_id, opportunity_id)
  SELECT o.tenant_id, o.id FROM opportunities o
   WHERE o.tenant_id = r.tenant_id AND o.owner_id = r.user_id AND o.status = 'open'
  ON CONFLICT DO NOTHING;
  -- Wakes the SLA worker at once (one notice per transaction whatever the number of statements).
  PERFORM pg_notify('pivotal_sla', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER sla_mark_out_of_office AFTER INSERT OR UPDATE OR DELETE ON user_out_of_office
  FOR EACH ROW EXECUTE FUNCTION sla_mark_owner();

-- Holidays and the tenant's time zone move every clock of the tenant.
CREATE FUNCTION sla_mark_tenant() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO sla_dirty (tenant_id, opportunity_id)
  SELECT o.tenant_id, o.id FROM opportunities o
   WHERE o.tenant_id = (SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid) AND o.status = 'open'
  ON CONFLICT DO NOTHING;
  -- Wakes the SLA worker at once (one notice per transaction whatever the number of statements).
  PERFORM pg_notify('pivotal_sla', '');
  RETURN NULL;
END
$fn$;
CREATE TRIGGER sla_mark_holidays AFTER INSERT OR UPDATE OR DELETE ON tenant_holidays
  FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_tenant();
CREATE TRIGGER sla_mark_time_zone AFTER UPDATE OF time_zone ON tenants
  FOR EACH STATEMENT EXECUTE FUNCTION sla_mark_tenant();

${forEachTenant(`INSERT INTO sla_dirty (tenant_id, opportunity_id)
    SELECT o.tenant_id, o.id FROM opportunities o WHERE o.tenant_id = tenant.id AND o.status = 'open'
    ON CONFLICT DO NOTHING`)}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TRIGGER IF EXISTS sla_mark_time_zone ON tenants;
DROP TRIGGER IF EXISTS sla_mark_holidays ON tenant_holidays;
DROP TRIGGER IF EXISTS sla_mark_out_of_office ON user_out_of_office;
DROP TRIGGER IF EXISTS sla_mark_pipelines_update ON pipelines;
DROP TRIGGER IF EXISTS sla_mark_opportunities_update ON opportunities;
DROP TRIGGER IF EXISTS sla_mark_opportunities_insert ON opportunities;
DROP TRIGGER IF EXISTS sla_mark_engagements_insert ON engagements;
DROP FUNCTION IF EXISTS sla_mark_tenant();
DROP FUNCTION IF EXISTS sla_mark_owner();
DROP FUNCTION IF EXISTS sla_mark_pipelines();
DROP FUNCTION IF EXISTS sla_mark_opportunities();
DROP FUNCTION IF EXISTS sla_mark_engagements();
DROP TABLE IF EXISTS sla_breaches;
DROP TABLE IF EXISTS sla_clocks;
DROP TABLE IF EXISTS sla_dirty;
DELETE FROM tasks WHERE origin = 'sla';
ALTER TABLE tasks DROP CONSTRAINT tasks_origin_check;
ALTER TABLE tasks ADD CONSTRAINT tasks_origin_check CHECK (origin IN ('sequence', 'manual', 'qa', 'campaign'));
DROP INDEX IF EXISTS users_manager_idx;
ALTER TABLE users DROP COLUMN IF EXISTS manager_id;
`);
}
