import type { Knex } from 'knex';

/**
 * Why a tracked open or click was judged a machine (`bot_reason`: no_user_agent, bot_user_agent, mail_scanner,
 * prefetch_window), kept next to the verdict so analytics can show raw figures with the reason of each bot hit.
 * Hits stored before this migration keep their verdict with no reason (shown as `unclassified`). The period scans
 * of `engagement.metrics.get` read the sequence hits by time.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE sequence_send_events ADD COLUMN bot_reason text;
ALTER TABLE mail_tracking_events ADD COLUMN bot_reason text;
CREATE INDEX sequence_send_events_time_idx ON sequence_send_events (tenant_id, occurred_at);
CREATE INDEX mail_tracking_events_time_idx ON mail_tracking_events (tenant_id, occurred_at);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS sequence_send_events_time_idx;
DROP INDEX IF EXISTS mail_tracking_events_time_idx;
ALTER TABLE sequence_send_events DROP COLUMN IF EXISTS bot_reason;
ALTER TABLE mail_tracking_events DROP COLUMN IF EXISTS bot_reason;
`);
}
