import type { Knex } from 'knex';
import { clientScope, tenantColumn, tenantRls } from '../rls';

/**
 * A trigger-maintained rollup of OPEN opportunities, so a forecast reads a few hundred pre-aggregated rows
 * instead of every opportunity of the tenant. One row per (currency, pipeline, stage, owner, client, project,
 * close month, commit flag) with the count, the amount and the weighted units: sum(amount x round(probability
 * x 1e9)::int8), the exact numeric arithmetic of the forecast (x 1e-9 when read). Commit = probability >= 0.9
 * or the tag `commit`. Rows whose count drops to 0 are deleted.
 *
 * The triggers are per STATEMENT with transition tables: a statement's net change is summed per key and
 * upserted once per key, in key order (two opposite moves cannot deadlock). A per-row trigger made bulk writes
 * pathological: every row re-updated the same few rollup rows, piling up dead versions inside one transaction
 * (250,000 inserted rows took 143 s). The function is SECURITY INVOKER: the app role writes both tables under
 * the same tenant (and client) settings, so the rollup's own RLS (tenant isolation + client scope on
 * client_id) holds for its writes too. TRUNCATE of opportunities is not tracked (nothing truncates it). The back-fill runs tenant by tenant with `app.tenant_id` set, so it also
 * works for an owner that does not bypass RLS (a superuser bypasses it anyway); the trigger is created first
 * and its table lock is held until the migration commits, so no concurrent write is missed.
 */
const key = 'tenant_id, currency, pipeline_id, stage, owner_id, client_id, project_id, close_month, is_commit';
const units = (o: string) => `(${o}.amount * round(${o}.probability * 1000000000)::int8)`;
const isCommit = (o: string) => `coalesce(${o}.probability >= 0.9 OR 'commit' = ANY (${o}.tags), false)`;
/** The rollup key of an opportunity row, as the columns of \`key\`. */
const keyOf = (o: string) =>
  `${o}.tenant_id, ${o}.currency, ${o}.pipeline_id, ${o}.stage, ${o}.owner_id, ${o}.client_id, ${o}.project_id,
    date_trunc('month', ${o}.close_date)::date AS close_month, ${isCommit(o)} AS is_commit`;

/** The open rows of a transition table as rollup changes: key, sign, amount, weighted units. */
const added = (rows: string) =>
  `SELECT ${keyOf('n')}, 1 AS sign, n.amount AS amount, ${units('n')} AS units FROM ${rows} n WHERE n.status = 'open'`;
const removed = (rows: string) =>
  `SELECT ${keyOf('o')}, -1 AS sign, -o.amount AS amount, -${units('o')} AS units FROM ${rows} o WHERE o.status = 'open'`;
/** Upserts the net change per key (nil changes skipped, key order) and collects the rows it emptied. */
const applyChanges = (changes: string) => `WITH changes AS (
    ${changes}
  ), delta AS (
    SELECT ${key}, sum(sign)::int AS count, sum(amount) AS amount, sum(units) AS weighted_units
      FROM changes GROUP BY ${key}
    HAVING sum(sign) <> 0 OR sum(amount) <> 0 OR sum(units) <> 0
     ORDER BY ${key}
  ), applied AS (
    INSERT INTO opportunity_rollups AS r (${key}, count, amount, weighted_units)
    SELECT ${key}, count, amount, weighted_units FROM delta
    ON CONFLICT ON CONSTRAINT opportunity_rollups_key DO UPDATE
      SET count = r.count + EXCLUDED.count, amount = r.amount + EXCLUDED.amount,
          weighted_units = r.weighted_units + EXCLUDED.weighted_units
    RETURNING r.ctid, r.count
  )
  SELECT array_agg(ctid) FILTER (WHERE count = 0) INTO emptied FROM applied;`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE opportunity_rollups (
  ${tenantColumn},
  pipeline_id uuid NOT NULL,
  currency char(3) NOT NULL,
  stage text NOT NULL,
  owner_id uuid NOT NULL,
  client_id uuid,
  project_id uuid,
  -- date_trunc('month', close_date); NULL: no close date.
  close_month date,
  is_commit boolean NOT NULL,
  count int NOT NULL,
  amount numeric NOT NULL,
  weighted_units numeric NOT NULL,
  CONSTRAINT opportunity_rollups_key UNIQUE NULLS NOT DISTINCT (${key})
);
${tenantRls('opportunity_rollups')}
${clientScope('opportunity_rollups')}

-- Applies the net change of one statement: per rollup key, +(open rows after) -(open rows before), in key order
-- (two statements touching the same keys lock them in the same order: no deadlock), skipping keys whose change
-- is nil (an UPDATE of no relevant column touches no rollup row); rows whose count reaches 0 are deleted.
CREATE FUNCTION opportunity_rollups_track() RETURNS trigger LANGUAGE plpgsql SECURITY INVOKER AS $fn$
DECLARE
  emptied tid[];
BEGIN
  -- Each branch names only the transition tables its event has.
  IF TG_OP = 'INSERT' THEN
    ${applyChanges(added('new_rows'))}
  ELSIF TG_OP = 'DELETE' THEN
    ${applyChanges(removed('old_rows'))}
  ELSE
    ${applyChanges(`${added('new_rows')}\n    UNION ALL\n    ${removed('old_rows')}`)}
  END IF;
  IF emptied IS NOT NULL THEN
    DELETE FROM opportunity_rollups WHERE ctid = ANY (emptied);
  END IF;
  RETURN NULL;
END
$fn$;

-- Transition tables allow one event per trigger: three triggers, one function.
CREATE TRIGGER opportunity_rollups_insert AFTER INSERT ON opportunities
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_rollups_track();
CREATE TRIGGER opportunity_rollups_update AFTER UPDATE ON opportunities
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_rollups_track();
CREATE TRIGGER opportunity_rollups_delete AFTER DELETE ON opportunities
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION opportunity_rollups_track();

DO $backfill$
DECLARE
  tenant record;
  previous_tenant text := current_setting('app.tenant_id', true);
  previous_clients text := current_setting('app.client_ids', true);
BEGIN
  PERFORM set_config('app.client_ids', '', true);
  FOR tenant IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', tenant.id::text, true);
    INSERT INTO opportunity_rollups (${key}, count, amount, weighted_units)
    SELECT o.tenant_id, o.currency, o.pipeline_id, o.stage, o.owner_id, o.client_id, o.project_id,
           date_trunc('month', o.close_date)::date, ${isCommit('o')}, count(*), sum(o.amount), sum(${units('o')})
      FROM opportunities o
     WHERE o.tenant_id = tenant.id AND o.status = 'open'
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(previous_tenant, ''), true);
  PERFORM set_config('app.client_ids', coalesce(previous_clients, ''), true);
END
$backfill$;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TRIGGER opportunity_rollups_delete ON opportunities;
DROP TRIGGER opportunity_rollups_update ON opportunities;
DROP TRIGGER opportunity_rollups_insert ON opportunities;
DROP FUNCTION opportunity_rollups_track();
DROP TABLE opportunity_rollups;
`);
}
