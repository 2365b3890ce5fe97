import type { Knex } from 'knex';
import { clientScope, forEachTenant, notClientScoped, tenantColumn, tenantRls } from '../rls';

/**
 * What keeps the analytics within their budgets on 250k opportunities and 2M engagements:
 *
 * 1. `opportunity_stage_history.next_stage`: the stage a stay led to, written when the trigger closes the stay, so
 *    conversion ("moved on to a later stage, not lost") is a plain count instead of a window over every stay.
 * 2. `engagement_daily`: engagements counted per UTC day, actor, type, client, pipeline, bot flag and call connect,
 *    kept by statement triggers on `engagements` (as `opportunity_rollups` is on opportunities): rep and engagement
 *    analytics read a few thousand rows instead of every engagement of a quarter. Mail rows are fenced from client
 *    roles like the engagements themselves.
 * 3. Partial indexes on open opportunities by stage and idle time, so "past its stage's idle limit" is an index
 *    range per stage.
 */
const CONNECTED = `(meta ->> 'connected' = 'true' OR meta ->> 'disposition' IN ('connected', 'meeting_booked', 'interested', 'callback', 'not_interested'))`;
const key = 'tenant_id, day, actor_id, type, client_id, pipeline_id, is_bot, connected';
const rowsOf = (rows: string, sign: 1 | -1) =>
  `SELECT e.tenant_id, (e.occurred_at AT TIME ZONE 'UTC')::date AS day, e.actor_id, e.type, e.client_id,
          o.pipeline_id, e.is_bot, coalesce(${CONNECTED.replace(/meta/g, 'e.meta')}, false) AS connected, ${sign} AS sign
     FROM ${rows} e LEFT JOIN opportunities o ON o.tenant_id = e.tenant_id AND o.id = e.opportunity_id`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE opportunity_stage_history ADD COLUMN next_stage text;
${forEachTenant(`UPDATE opportunity_stage_history h SET next_stage = n.next_stage
    FROM (SELECT id, lead(stage) OVER (PARTITION BY opportunity_id ORDER BY entered_at, id) AS next_stage
            FROM opportunity_stage_history WHERE tenant_id = tenant.id) n
   WHERE h.tenant_id = tenant.id AND n.id = h.id AND h.exited_at IS NOT NULL`)}

-- Time in stage reads the stays that ended in a period.
CREATE INDEX opportunity_stage_history_exit_idx ON opportunity_stage_history (tenant_id, pipeline_id, exited_at)
  WHERE exited_at IS NOT NULL;

CREATE OR REPLACE FUNCTION opportunity_stage_history_track() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $fn$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO opportunity_stage_history (tenant_id, opportunity_id, pipeline_id, stage, entered_at, owner_id, client_id, project_id)
    SELECT n.tenant_id, n.id, n.pipeline_id, n.stage, n.stage_entered_at, n.owner_id, n.client_id, n.project_id
      FROM new_rows n;
    RETURN NULL;
  END IF;
  UPDATE opportunity_stage_history h SET exited_at = greatest(n.stage_entered_at, h.entered_at), next_stage = n.stage
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE (n.stage <> o.stage OR n.pipeline_id <> o.pipeline_id)
     AND h.tenant_id = n.tenant_id AND h.opportunity_id = n.id AND h.exited_at IS NULL;
  INSERT INTO opportunity_stage_history (tenant_id, opportunity_id, pipeline_id, stage, entered_at, owner_id, client_id, project_id)
  SELECT n.tenant_id, n.id, n.pipeline_id, n.stage, n.stage_entered_at, n.owner_id, n.client_id, n.project_id
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE n.stage <> o.stage OR n.pipeline_id <> o.pipeline_id;
  UPDATE opportunity_stage_history h SET owner_id = n.owner_id, client_id = n.client_id, project_id = n.project_id
    FROM new_rows n JOIN old_rows o ON o.tenant_id = n.tenant_id AND o.id = n.id
   WHERE (n.owner_id, n.client_id, n.project_id) IS DISTINCT FROM (o.owner_id, o.client_id, o.project_id)
     AND h.tenant_id = n.tenant_id AND h.opportunity_id = n.id;
  RETURN NULL;
END
$fn$;

CREATE TABLE engagement_daily (
  ${tenantColumn},
  day date NOT NULL,
  actor_id uuid,
  type text NOT NULL,
  client_id uuid,
  pipeline_id uuid,
  is_bot boolean NOT NULL,
  connected boolean NOT NULL,
  count int NOT NULL,
  CONSTRAINT engagement_daily_key UNIQUE NULLS NOT DISTINCT (${key})
);
CREATE INDEX engagement_daily_day_idx ON engagement_daily (tenant_id, day);
${tenantRls('engagement_daily')}
${clientScope('engagement_daily')}
CREATE POLICY mail_client_fence ON engagement_daily AS RESTRICTIVE
  USING (${notClientScoped} OR type NOT IN ('email_in', 'email_out'))
  WITH CHECK (${notClientScoped} OR type NOT IN ('email_in', 'email_out'));

CREATE FUNCTION engagement_daily_track() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $fn$
BEGIN
  -- Each branch names only the transition tables its event has; keys in order (no deadlock between statements).
  IF TG_OP = 'INSERT' THEN
    INSERT INTO engagement_daily AS d (${key}, count)
    SELECT ${key}, sum(sign) FROM (${rowsOf('new_rows', 1)}) c GROUP BY ${key} HAVING sum(sign) <> 0 ORDER BY ${key}
    ON CONFLICT ON CONSTRAINT engagement_daily_key DO UPDATE SET count = d.count + EXCLUDED.count;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO engagement_daily AS d (${key}, count)
    SELECT ${key}, sum(sign) FROM (${rowsOf('old_rows', -1)}) c GROUP BY ${key} HAVING sum(sign) <> 0 ORDER BY ${key}
    ON CONFLICT ON CONSTRAINT engagement_daily_key DO UPDATE SET count = d.count + EXCLUDED.count;
  ELSE
    INSERT INTO engagement_daily AS d (${key}, count)
    SELECT ${key}, sum(sign) FROM (${rowsOf('new_rows', 1)} UNION ALL ${rowsOf('old_rows', -1)}) c GROUP BY ${key} HAVING sum(sign) <> 0 ORDER BY ${key}
    ON CONFLICT ON CONSTRAINT engagement_daily_key DO UPDATE SET count = d.count + EXCLUDED.count;
  END IF;
  RETURN NULL;
END
$fn$;
CREATE TRIGGER engagement_daily_insert AFTER INSERT ON engagements
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION engagement_daily_track();
CREATE TRIGGER engagement_daily_update AFTER UPDATE ON engagements
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION engagement_daily_track();
CREATE TRIGGER engagement_daily_delete AFTER DELETE ON engagements
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION engagement_daily_track();

CREATE INDEX opportunities_open_idle_idx ON opportunities
  (tenant_id, pipeline_id, stage, (coalesce(last_activity_at, stage_entered_at))) WHERE status = 'open';
CREATE INDEX opportunities_owner_idle_idx ON opportunities
  (tenant_id, owner_id, stage, (coalesce(last_activity_at, stage_entered_at))) WHERE status = 'open';

${forEachTenant(`INSERT INTO engagement_daily (${key}, count)
    SELECT ${key}, sum(sign) FROM (${rowsOf('engagements', 1)} WHERE e.tenant_id = tenant.id) c
     GROUP BY ${key}`)}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS opportunities_open_idle_idx;
DROP INDEX IF EXISTS opportunities_owner_idle_idx;
DROP TRIGGER IF EXISTS engagement_daily_insert ON engagements;
DROP TRIGGER IF EXISTS engagement_daily_update ON engagements;
DROP TRIGGER IF EXISTS engagement_daily_delete ON engagements;
DROP FUNCTION IF EXISTS engagement_daily_track();
DROP TABLE IF EXISTS engagement_daily;
ALTER TABLE opportunity_stage_history DROP COLUMN IF EXISTS next_stage;
`);
}
