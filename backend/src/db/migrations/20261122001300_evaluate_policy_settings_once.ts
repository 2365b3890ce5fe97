import type { Knex } from 'knex';
import { clientScope, currentTenant, mailboxPrivacy } from '../rls';

/**
 * Rewrites the row-level security policies of the first migrations so that each session setting is read in a
 * scalar subquery (an InitPlan, evaluated once per query) rather than per row. Same meaning, much cheaper scans.
 */
const clientScoped: [string, string][] = [
  ['clients', 'id'],
  ['projects', 'client_id'],
  ['pipelines', 'client_id'],
  ['opportunities', 'client_id'],
  ['engagements', 'client_id'],
  ['tasks', 'client_id'],
];
const mailboxes = ['mailbox_accounts', 'message_index'];

const oldTenant = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;
const oldNotClientScoped = `NULLIF(current_setting('app.client_ids', true), '') IS NULL`;
const oldClients = `string_to_array(NULLIF(current_setting('app.client_ids', true), ''), ',')::uuid[]`;
const oldUser = `NULLIF(current_setting('app.user_id', true), '')::uuid`;

async function tenantTables(knex: Knex): Promise<string[]> {
  const res = await knex.raw(
    `select tablename from pg_policies where schemaname = 'public' and policyname = 'tenant_isolation' order by 1`,
  );
  return (res.rows as { tablename: string }[]).map((r) => r.tablename);
}

export async function up(knex: Knex): Promise<void> {
  for (const table of await tenantTables(knex)) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    await knex.raw(
      `ALTER POLICY tenant_isolation ON ${table} USING (${column} = ${currentTenant}) WITH CHECK (${column} = ${currentTenant})`,
    );
  }
  for (const [table, column] of clientScoped) {
    await knex.raw(`DROP POLICY client_scope ON ${table}; ${clientScope(table, column)}`);
  }
  for (const table of mailboxes) {
    await knex.raw(`DROP POLICY mailbox_privacy ON ${table}; ${mailboxPrivacy(table)}`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of await tenantTables(knex)) {
    const column = table === 'tenants' ? 'id' : 'tenant_id';
    await knex.raw(
      `ALTER POLICY tenant_isolation ON ${table} USING (${column} = ${oldTenant}) WITH CHECK (${column} = ${oldTenant})`,
    );
  }
  for (const [table, column] of clientScoped) {
    const expr = `${oldNotClientScoped} OR ${column} = ANY (${oldClients})`;
    await knex.raw(`ALTER POLICY client_scope ON ${table} USING (${expr}) WITH CHECK (${expr})`);
  }
  for (const table of mailboxes) {
    const expr = `${oldNotClientScoped} AND (user_id = ${oldUser} OR current_setting('app.mailbox_scope', true) = 'all')`;
    await knex.raw(`ALTER POLICY mailbox_privacy ON ${table} USING (${expr}) WITH CHECK (${expr})`);
  }
}
