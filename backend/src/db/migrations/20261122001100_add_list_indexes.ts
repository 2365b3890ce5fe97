import type { Knex } from 'knex';

/**
 * Indexes for lists the first migrations left to sorts: a tenant-wide opportunity list (newest first), the
 * rep's list in exactly its keyset order (no incremental sort), tasks by contact (contact timelines) and a
 * tenant-wide engagement list. Each leads with tenant_id.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX opportunities_recent_idx ON opportunities (tenant_id, updated_at DESC, id DESC);
DROP INDEX opportunities_owner_list_idx;
CREATE INDEX opportunities_owner_list_idx ON opportunities (tenant_id, owner_id, status, updated_at DESC, id DESC);
CREATE INDEX tasks_contact_idx ON tasks (tenant_id, contact_id);
CREATE INDEX engagements_recent_idx ON engagements (tenant_id, occurred_at DESC, id DESC);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX engagements_recent_idx;
DROP INDEX tasks_contact_idx;
DROP INDEX opportunities_owner_list_idx;
CREATE INDEX opportunities_owner_list_idx ON opportunities (tenant_id, owner_id, status, updated_at DESC, id);
DROP INDEX opportunities_recent_idx;
`);
}
