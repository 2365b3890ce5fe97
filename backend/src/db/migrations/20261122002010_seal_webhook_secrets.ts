import type { Knex } from 'knex';
import { eachTenant } from '../eachTenant';
import { open, seal } from '#security/sealing';

/**
 * Webhook signing secrets were stored in clear text: they move to `secret_sealed` (AES-256-GCM under the tenant's
 * data key, `backend/src/security/sealing.ts`). Existing rows are sealed tenant by tenant with `app.tenant_id` set,
 * so this also works for an owner that does not bypass RLS. Needs the master key (`PIVOTAL_MASTER_KEY`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE webhooks ADD COLUMN secret_sealed bytea');
  await eachTenant(knex, async (tenantId) => {
    const rows = (await knex.raw('SELECT id, secret FROM webhooks WHERE tenant_id = ?', [tenantId])).rows as {
      id: string;
      secret: string;
    }[];
    for (const row of rows) {
      const sealed = await seal(knex, tenantId, row.secret);
      await knex.raw('UPDATE webhooks SET secret_sealed = ? WHERE tenant_id = ? AND id = ?', [
        sealed,
        tenantId,
        row.id,
      ]);
    }
  });
  await knex.raw('ALTER TABLE webhooks ALTER COLUMN secret_sealed SET NOT NULL, DROP COLUMN secret');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE webhooks ADD COLUMN secret text');
  await eachTenant(knex, async (tenantId) => {
    const rows = (await knex.raw('SELECT id, secret_sealed FROM webhooks WHERE tenant_id = ?', [tenantId])).rows as {
      id: string;
      secret_sealed: Buffer;
    }[];
    for (const row of rows) {
      const secret = (await open(knex, tenantId, row.secret_sealed)).toString('utf8');
      await knex.raw('UPDATE webhooks SET secret = ? WHERE tenant_id = ? AND id = ?', [secret, tenantId, row.id]);
    }
  });
  await knex.raw('ALTER TABLE webhooks ALTER COLUMN secret SET NOT NULL, DROP COLUMN secret_sealed');
}
