import type { Knex } from 'knex';
import { tenantColumn, tenantRls } from '../rls';

/**
 * Per-tenant data keys for envelope encryption (`backend/src/security/sealing.ts`): each row is a random
 * AES-256 key wrapped (AES-256-GCM) under a master key named by `master_key_id`. The newest unretired key
 * seals; every key opens what it sealed, so rotation never makes old blobs unreadable.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE tenant_data_keys (
  ${tenantColumn},
  id uuid NOT NULL,
  master_key_id text NOT NULL,
  -- iv (12) | auth tag (16) | wrapped key (32)
  wrapped_key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
-- At most one active key per tenant: concurrent first seals agree on one (ON CONFLICT DO NOTHING).
CREATE UNIQUE INDEX tenant_data_keys_active_idx ON tenant_data_keys (tenant_id) WHERE retired_at IS NULL;
${tenantRls('tenant_data_keys')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE tenant_data_keys;');
}
