import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * The Teams bot's state.
 *
 * - `bot_conversations`: the conversation reference of each user's personal chat with the bot, stored on install and
 *   removed on uninstall (proactive sends need it).
 * - `bot_preferences`: each user's digest frequency, quiet hours and opt-outs (absent: the defaults).
 * - `bot_notifications`: the proactive-send outbox. One row per (user, reason) (`sla:<breach>`,
 *   `digest:daily:<date>`, ...): the unique key is what makes a card go out once however many workers or retries
 *   try; the row records the attempt, the activity id the connector gave and the outcome.
 * - `nba_dismissals`: Next Best Actions a user dismissed (with a reason), which `nextBestAction.get` leaves out of
 *   what it answers them for two weeks.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE bot_conversations (
  ${tenantColumn},
  user_id uuid NOT NULL,
  aad_object_id text NOT NULL,
  conversation_id text NOT NULL,
  service_url text NOT NULL,
  -- The whole reference as the channel gave it (bot, user, conversation, tenant, locale).
  reference jsonb NOT NULL,
  installed_at timestamptz NOT NULL,
  ${timestamps},
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('bot_conversations')}

CREATE TABLE bot_preferences (
  ${tenantColumn},
  user_id uuid NOT NULL,
  digest text NOT NULL DEFAULT 'daily' CHECK (digest IN ('daily', 'weekly', 'both', 'off')),
  quiet_start time,
  quiet_end time,
  sla_reminders boolean NOT NULL DEFAULT true,
  nba_prompts boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
${tenantRls('bot_preferences')}

CREATE TABLE bot_notifications (
  ${tenantColumn},
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  reason_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('sla_reminder', 'sla_escalation', 'nba_prompt', 'digest')),
  -- What the card is built from at send time (ids, the period of a digest).
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped')),
  -- Quiet hours and 429 back-off push this later.
  not_before timestamptz NOT NULL,
  attempts int NOT NULL DEFAULT 0,
  -- Set when a worker claims the row; a claim older than the lease is a worker that died mid-send.
  claimed_at timestamptz,
  conversation_id text,
  activity_id text,
  last_error text,
  sent_at timestamptz,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, reason_key),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX bot_notifications_due_idx ON bot_notifications (tenant_id, not_before)
  WHERE status IN ('pending', 'sending');
${tenantRls('bot_notifications')}

CREATE TABLE nba_dismissals (
  ${tenantColumn},
  user_id uuid NOT NULL,
  opportunity_id uuid NOT NULL,
  kind text NOT NULL,
  reason text NOT NULL CHECK (reason IN ('not_relevant', 'already_done', 'later', 'wrong_contact')),
  dismissed_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id, opportunity_id, kind),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('nba_dismissals')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE IF EXISTS nba_dismissals;
DROP TABLE IF EXISTS bot_notifications;
DROP TABLE IF EXISTS bot_preferences;
DROP TABLE IF EXISTS bot_conversations;
`);
}
