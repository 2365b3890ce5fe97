import type { Knex } from 'knex';

/**
 * Out-of-office periods become records users manage (`user.outOfOffice.*`): a note, and the created/updated times
 * every DTO carries. Rows written before keep an empty note and "now" as their times.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE user_out_of_office
  ADD COLUMN note text NOT NULL DEFAULT '',
  ADD COLUMN created_at timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX user_out_of_office_start_idx ON user_out_of_office (tenant_id, user_id, starts_at, id);
DROP INDEX user_out_of_office_user_idx;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE INDEX user_out_of_office_user_idx ON user_out_of_office (tenant_id, user_id, ends_at);
DROP INDEX user_out_of_office_start_idx;
ALTER TABLE user_out_of_office DROP COLUMN note, DROP COLUMN created_at, DROP COLUMN updated_at;
`);
}
