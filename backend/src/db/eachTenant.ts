import type { Knex } from 'knex';

/**
 * Runs `fn` for every tenant with that tenant's scope set on the migration's connection (`app.tenant_id`, and
 * `app.mailbox_scope = 'all'` so mail tables are visible too), then clears it. A data migration that goes through it
 * works for an owner that does not bypass row-level security (FORCE RLS applies to table owners).
 */
export async function eachTenant(knex: Knex, fn: (tenantId: string) => Promise<void>): Promise<void> {
  const tenants = (await knex.raw('SELECT id FROM tenants ORDER BY id')).rows as { id: string }[];
  for (const { id } of tenants) {
    await knex.raw(`SELECT set_config('app.tenant_id', ?, true), set_config('app.mailbox_scope', 'all', true)`, [id]);
    await fn(id);
  }
  await knex.raw(`SELECT set_config('app.tenant_id', '', true), set_config('app.mailbox_scope', '', true)`);
}
