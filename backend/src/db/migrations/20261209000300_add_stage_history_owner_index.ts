import type { Knex } from 'knex';

/**
 * A rep's stage moves in a period (`rep.performance.get`'s `dealsAdvanced`, the managers' digests) read the stage
 * history by owner and entry time: one index range per rep instead of the tenant's whole history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE INDEX opportunity_stage_history_owner_idx
  ON opportunity_stage_history (tenant_id, owner_id, entered_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS opportunity_stage_history_owner_idx');
}
