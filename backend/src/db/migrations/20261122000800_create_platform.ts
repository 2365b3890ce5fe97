import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/** Audit log, event outbox, idempotency keys, feature flags, webhooks and their deliveries. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- Append-only: the app role is granted SELECT and INSERT only (see ensureAppRole).
CREATE TABLE audit_log (
  ${tenantColumn},
  id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  operation text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  request_id text,
  before jsonb,
  after jsonb,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_log_at_idx ON audit_log (tenant_id, at DESC, id DESC);
CREATE INDEX audit_log_target_idx ON audit_log (tenant_id, target_type, target_id);
${tenantRls('audit_log')}

-- The outbox. seq orders events; tx_id records the writing transaction. A consumer reading by cursor
-- (seq > last seen) must only take rows with tx_id < pg_snapshot_xmin(pg_current_snapshot()): every
-- transaction older than that has committed or aborted, so a transaction that took a lower seq but commits
-- later can never be skipped by a cursor that already moved past it.
CREATE TABLE events (
  ${tenantColumn},
  seq bigint GENERATED ALWAYS AS IDENTITY,
  id uuid NOT NULL,
  name text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor text,
  client_id uuid,
  payload jsonb NOT NULL DEFAULT '{}',
  tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
  -- The primary key doubles as the (tenant_id, seq) index of per-tenant cursors (event.list, SSE).
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, id)
);
-- Cross-tenant dispatchers (webhooks, bot notifier) scan by seq.
CREATE INDEX events_seq_idx ON events (seq);
${tenantRls('events')}

CREATE TABLE idempotency_keys (
  ${tenantColumn},
  key text NOT NULL,
  operation text NOT NULL,
  request_hash text NOT NULL,
  -- NULL while the first request is still running.
  response_status int,
  response_body jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
${tenantRls('idempotency_keys')}

CREATE TABLE feature_flags (
  ${tenantColumn},
  flag text NOT NULL,
  enabled boolean NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, flag)
);
${tenantRls('feature_flags')}

CREATE TABLE webhooks (
  ${tenantColumn},
  id uuid NOT NULL,
  url text NOT NULL,
  events text[] NOT NULL DEFAULT '{}',
  -- HMAC signing secret, sealed with the tenant's data key.
  secret text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  description text,
  created_by uuid,
  failure_count int NOT NULL DEFAULT 0,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by)
);
${tenantRls('webhooks')}

CREATE TABLE webhook_deliveries (
  ${tenantColumn},
  id uuid NOT NULL,
  webhook_id uuid NOT NULL,
  event_seq bigint NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts int NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  last_status int,
  last_error text,
  delivered_at timestamptz,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, webhook_id, event_seq),
  FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, event_seq) REFERENCES events (tenant_id, seq) ON DELETE CASCADE
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
${tenantRls('webhook_deliveries')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE webhook_deliveries;
DROP TABLE webhooks;
DROP TABLE feature_flags;
DROP TABLE idempotency_keys;
DROP TABLE events;
DROP TABLE audit_log;
`);
}
