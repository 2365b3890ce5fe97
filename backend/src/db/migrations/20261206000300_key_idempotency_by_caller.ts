import type { Knex } from 'knex';

/**
 * Stored Idempotency-Key responses were keyed on (tenant, key) and kept in clear: another caller of the tenant could
 * replay someone else's answer (an export included) by sending the same key and body. They are now keyed on the
 * caller too (`backend/src/http/idempotency.ts`, `idempotencyCaller`) and the response is sealed under the tenant's
 * data key. Stored rows live 24 h and are only replays: they are dropped rather than converted.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
TRUNCATE idempotency_keys;
ALTER TABLE idempotency_keys
  DROP CONSTRAINT idempotency_keys_pkey,
  DROP COLUMN response_body,
  ADD COLUMN caller text NOT NULL,
  -- JSON of the first response sealed with AES-256-GCM under the tenant's data key; NULL while it runs.
  ADD COLUMN response_sealed bytea,
  ADD PRIMARY KEY (tenant_id, caller, key);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
TRUNCATE idempotency_keys;
ALTER TABLE idempotency_keys
  DROP CONSTRAINT idempotency_keys_pkey,
  DROP COLUMN response_sealed,
  DROP COLUMN caller,
  ADD COLUMN response_body jsonb,
  ADD PRIMARY KEY (tenant_id, key);
`);
}
