import type { Knex } from 'knex';

/**
 * Promotions remember whether they snap (`promotion.create`'s `snap`), so `promotion.update` can derive the same
 * snaps from changed touchpoints, window or cohort as a create would, and leave a non-snapping promotion's leads
 * alone. Promotions saved before keep snapping (the default).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE promotions ADD COLUMN snap boolean NOT NULL DEFAULT true;`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`ALTER TABLE promotions DROP COLUMN snap;`);
}
