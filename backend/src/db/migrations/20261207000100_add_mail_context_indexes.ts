import type { Knex } from 'knex';

/**
 * `mailContext.get` finds the open opportunities whose primary contact is a person of the email (the Outlook pane
 * asks on every message a rep opens): without this index that lookup scanned every opportunity of the tenant.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `CREATE INDEX IF NOT EXISTS opportunities_primary_contact_idx ON opportunities (tenant_id, primary_contact_id) WHERE primary_contact_id IS NOT NULL;`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS opportunities_primary_contact_idx;`);
}
