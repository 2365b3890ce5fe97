import type { Knex } from 'knex';
import { tenantColumn, tenantRls } from '../rls';

/**
 * The per-tenant signing secret of sequence webhook steps (`Pivotal-Signature`, as event webhooks carry), sealed
 * under the tenant's data key like webhook secrets; made on first use, replaced by `sequence.webhookSecret.rotate`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE sequence_webhook_secrets (
  ${tenantColumn},
  secret_sealed bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  rotated_at timestamptz,
  PRIMARY KEY (tenant_id)
);
${tenantRls('sequence_webhook_secrets')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE sequence_webhook_secrets');
}
