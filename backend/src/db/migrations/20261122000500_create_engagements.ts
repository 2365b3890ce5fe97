import type { Knex } from 'knex';
import { clientScope, forceRls, tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * Creates the missing monthly partitions `engagements_yYYYYmMM` (UTC months) from `from_month` on, and
 * forces RLS on each. Rows that already sit in the DEFAULT partition for a new month are moved into it.
 * Partitions carry no policy of their own: read and write through `engagements` (the parent's policies
 * apply); a direct query on a partition sees nothing (RLS with no policy denies).
 */
const partitionFunction = `
CREATE FUNCTION ensure_engagement_partitions(from_month date, months int) RETURNS int
  LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  m date := date_trunc('month', from_month)::date;
  lo timestamptz;
  hi timestamptz;
  part text;
  created int := 0;
BEGIN
  FOR i IN 1 .. months LOOP
    part := format('engagements_y%sm%s', to_char(m, 'YYYY'), to_char(m, 'MM'));
    lo := m::timestamp AT TIME ZONE 'UTC';
    hi := (m + interval '1 month')::timestamp AT TIME ZONE 'UTC';
    IF to_regclass(part) IS NULL THEN
      IF EXISTS (SELECT 1 FROM engagements_default WHERE occurred_at >= lo AND occurred_at < hi) THEN
        EXECUTE format('CREATE TABLE %I (LIKE engagements INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', part);
        EXECUTE format('WITH moved AS (DELETE FROM engagements_default WHERE occurred_at >= %L AND occurred_at < %L'
          ' RETURNING *) INSERT INTO %I SELECT * FROM moved', lo, hi, part);
        EXECUTE format('ALTER TABLE engagements ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
      ELSE
        EXECUTE format('CREATE TABLE %I PARTITION OF engagements FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
      END IF;
      EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY', part);
      created := created + 1;
    END IF;
    m := (m + interval '1 month')::date;
  END LOOP;
  RETURN created;
END $$;
REVOKE ALL ON FUNCTION ensure_engagement_partitions(date, int) FROM PUBLIC;`;

/** Engagements (partitioned by month on occurred_at) and tasks. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE engagements (
  ${tenantColumn},
  id uuid NOT NULL,
  occurred_at timestamptz NOT NULL,
  opportunity_id uuid,
  account_id uuid NOT NULL,
  contact_id uuid,
  -- Denormalised from the opportunity/account so client scope is one column check.
  client_id uuid,
  actor_id uuid,
  type text NOT NULL CHECK (type IN ('email_in', 'email_out', 'call_in', 'call_out', 'meeting', 'note',
    'task', 'touchpoint', 'conversion', 'campaign_event')),
  direction text CHECK (direction IN ('in', 'out')),
  subject text,
  body_preview text,
  meta jsonb NOT NULL DEFAULT '{}',
  is_bot boolean NOT NULL DEFAULT false,
  channel text NOT NULL CHECK (channel IN ('email', 'phone', 'web', 'inapp', 'calendar')),
  ${timestamps},
  PRIMARY KEY (tenant_id, id, occurred_at),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, actor_id) REFERENCES users (tenant_id, id)
) PARTITION BY RANGE (occurred_at);
-- Timelines, newest first, keyset on (occurred_at, id).
CREATE INDEX engagements_opportunity_idx
  ON engagements (tenant_id, opportunity_id, occurred_at DESC, id DESC);
CREATE INDEX engagements_account_idx ON engagements (tenant_id, account_id, occurred_at DESC);
CREATE INDEX engagements_contact_idx ON engagements (tenant_id, contact_id, occurred_at DESC);
${tenantRls('engagements')}
${clientScope('engagements')}

CREATE TABLE engagements_default PARTITION OF engagements DEFAULT;
${forceRls('engagements_default')}
${partitionFunction}
-- 24 months back .. 12 months ahead; the partition maintenance job keeps extending it.
SELECT ensure_engagement_partitions(
  (date_trunc('month', now() AT TIME ZONE 'UTC') - interval '24 months')::date, 37);

CREATE TABLE tasks (
  ${tenantColumn},
  id uuid NOT NULL,
  type text NOT NULL CHECK (type IN ('call', 'email', 'followup', 'todo')),
  title text NOT NULL,
  notes text,
  opportunity_id uuid,
  contact_id uuid,
  client_id uuid,
  owner_id uuid NOT NULL,
  due_at timestamptz,
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'inProgress', 'completed', 'overdue')),
  origin text NOT NULL DEFAULT 'manual' CHECK (origin IN ('sequence', 'manual', 'qa', 'campaign')),
  completed_at timestamptz,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX tasks_owner_idx ON tasks (tenant_id, owner_id, status, due_at);
CREATE INDEX tasks_opportunity_idx ON tasks (tenant_id, opportunity_id);
${tenantRls('tasks')}
${clientScope('tasks')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE tasks;
DROP FUNCTION ensure_engagement_partitions(date, int);
DROP TABLE engagements;
`);
}
