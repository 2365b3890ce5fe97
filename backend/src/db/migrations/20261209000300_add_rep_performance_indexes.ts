import type { Knex } from 'knex';

/**
 * Rep performance reads a rep's deals by creation time: the deals created in a period, and those open at some time in
 * it (created before its end, not closed before its start; `closed_at` is included so the scan stays in the index),
 * and their stage moves by entry time (`dealsAdvanced`). One index range per rep instead of all their deals.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX opportunity_stage_history_owner_idx
  ON opportunity_stage_history (tenant_id, owner_id, entered_at);
CREATE INDEX opportunities_owner_created_idx ON opportunities (tenant_id, owner_id, created_at) INCLUDE (closed_at);`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`DROP INDEX IF EXISTS opportunities_owner_created_idx;
DROP INDEX IF EXISTS opportunity_stage_history_owner_idx;`);
}
