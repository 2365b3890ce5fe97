import type { Knex } from 'knex';
import { eachTenant } from '../eachTenant';
import { open, seal } from '#security/sealing';

/**
 * The tenants' unsubscribe and tracking link secrets (`unsubscribe_secrets.secret`) were stored in clear: whoever read
 * the table could forge one-click unsubscribes and tracking hits. They move to `secret_sealed` (AES-256-GCM under the
 * tenant's data key). Rows are sealed tenant by tenant with `app.tenant_id` set, so an owner that does not bypass RLS
 * can run it too. Needs the master key (`PIVOTAL_MASTER_KEY`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE unsubscribe_secrets ADD COLUMN secret_sealed bytea');
  await eachTenant(knex, async (tenantId) => {
    const row = (await knex.raw('SELECT secret FROM unsubscribe_secrets WHERE tenant_id = ?', [tenantId])).rows[0] as
      { secret: string } | undefined;
    if (!row) return;
    await knex.raw('UPDATE unsubscribe_secrets SET secret_sealed = ? WHERE tenant_id = ?', [
      await seal(knex, tenantId, row.secret),
      tenantId,
    ]);
  });
  await knex.raw('ALTER TABLE unsubscribe_secrets ALTER COLUMN secret_sealed SET NOT NULL, DROP COLUMN secret');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE unsubscribe_secrets ADD COLUMN secret text');
  await eachTenant(knex, async (tenantId) => {
    const row = (await knex.raw('SELECT secret_sealed FROM unsubscribe_secrets WHERE tenant_id = ?', [tenantId]))
      .rows[0] as { secret_sealed: Buffer } | undefined;
    if (!row) return;
    const secret = (await open(knex, tenantId, row.secret_sealed)).toString('utf8');
    await knex.raw('UPDATE unsubscribe_secrets SET secret = ? WHERE tenant_id = ?', [secret, tenantId]);
  });
  await knex.raw('ALTER TABLE unsubscribe_secrets ALTER COLUMN secret SET NOT NULL, DROP COLUMN secret_sealed');
}
