import type { Knex } from 'knex';
import { mailboxPrivacy, ownerReadPolicy, tenantColumn, tenantRls, timestamps } from '../rls';

/**
 * Mailbox sync state: one row per synced folder (backfill progress, saved cursor, delta health, counts), the
 * Graph change-notification subscriptions, and the message_index columns sync and linking fill.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE mail_folder_sync (
  ${tenantColumn},
  mailbox_id uuid NOT NULL,
  user_id uuid NOT NULL,
  external_folder_id text NOT NULL,
  folder text NOT NULL CHECK (folder IN ('inbox', 'sent', 'archive', 'custom')),
  display_name text NOT NULL,
  backfill_from timestamptz NOT NULL,
  -- backfill: the first (filtered) delta round; fill: paged list past the 5,000 cap; delta: incremental rounds.
  phase text NOT NULL DEFAULT 'backfill' CHECK (phase IN ('backfill', 'fill', 'delta')),
  -- The saved cursor: the next page of the current round (nextLink), and the deltaLink of the next round.
  page_link text,
  delta_link text,
  round_started_at timestamptz,
  round_items int NOT NULL DEFAULT 0,
  round_oldest timestamptz,
  -- After a 410 restart, rows of this folder not seen again by the end of the round are gone in Graph.
  sweep_after_round boolean NOT NULL DEFAULT false,
  backfilled_through timestamptz,
  backfill_complete boolean NOT NULL DEFAULT false,
  last_page_at timestamptz,
  last_delta_at timestamptz,
  requested_at timestamptz,
  health text NOT NULL DEFAULT 'pending'
    CHECK (health IN ('pending', 'syncing', 'synced', 'throttled', 'error')),
  throttled_until timestamptz,
  consecutive_failures int NOT NULL DEFAULT 0,
  last_error jsonb,
  fetched bigint NOT NULL DEFAULT 0,
  added bigint NOT NULL DEFAULT 0,
  removed bigint NOT NULL DEFAULT 0,
  linked bigint NOT NULL DEFAULT 0,
  skipped bigint NOT NULL DEFAULT 0,
  skipped_reasons jsonb NOT NULL DEFAULT '{}',
  restarts int NOT NULL DEFAULT 0,
  enabled boolean NOT NULL DEFAULT true,
  ${timestamps},
  PRIMARY KEY (tenant_id, mailbox_id, external_folder_id),
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE
);
${tenantRls('mail_folder_sync')}
${mailboxPrivacy('mail_folder_sync')}

CREATE TABLE mail_subscriptions (
  ${tenantColumn},
  id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  user_id uuid NOT NULL,
  subscription_id text NOT NULL,
  resource text NOT NULL,
  -- sha256 hex of the clientState secret sent to Graph; notifications must present the secret.
  client_state_hash text NOT NULL CHECK (client_state_hash ~ '^[0-9a-f]{64}$'),
  expires_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'reauthorize', 'removed')),
  last_notified_at timestamptz,
  rejected_count int NOT NULL DEFAULT 0,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, subscription_id),
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE
);
CREATE INDEX mail_subscriptions_expiry_idx ON mail_subscriptions (tenant_id, expires_at);
-- Not unique (keys lead with tenant_id); Graph subscription ids are globally unique anyway.
CREATE INDEX mail_subscriptions_route_idx ON mail_subscriptions (subscription_id);
${tenantRls('mail_subscriptions')}
${mailboxPrivacy('mail_subscriptions')}
${ownerReadPolicy('mail_subscriptions')}

-- The public webhook route learns the tenant from the subscription id before any tenant is set.
CREATE FUNCTION mail_subscription_route(sub_id text) RETURNS TABLE (
  tenant_id uuid, mailbox_id uuid, client_state_hash text, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT s.tenant_id, s.mailbox_id, s.client_state_hash, s.status FROM mail_subscriptions s
        WHERE s.subscription_id = sub_id $$;
REVOKE ALL ON FUNCTION mail_subscription_route(text) FROM PUBLIC;

ALTER TABLE message_index
  ADD COLUMN IF NOT EXISTS folder_id text,
  ADD COLUMN IF NOT EXISTS internet_message_id text,
  ADD COLUMN IF NOT EXISTS conversation_id text,
  ADD COLUMN IF NOT EXISTS direction text CHECK (direction IN ('in', 'out')),
  ADD COLUMN IF NOT EXISTS is_flagged boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS contact_id uuid,
  ADD COLUMN IF NOT EXISTS account_id uuid,
  ADD COLUMN IF NOT EXISTS opportunity_id uuid,
  ADD COLUMN IF NOT EXISTS client_id uuid;
CREATE INDEX IF NOT EXISTS message_index_folder_idx ON message_index (tenant_id, mailbox_id, folder_id);
CREATE INDEX IF NOT EXISTS message_index_internet_id_idx ON message_index (tenant_id, internet_message_id);
CREATE INDEX IF NOT EXISTS message_index_opportunity_idx ON message_index (tenant_id, opportunity_id, received_at DESC);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX IF EXISTS message_index_opportunity_idx;
DROP INDEX IF EXISTS message_index_internet_id_idx;
DROP INDEX IF EXISTS message_index_folder_idx;
ALTER TABLE message_index DROP COLUMN IF EXISTS folder_id, DROP COLUMN IF EXISTS internet_message_id,
  DROP COLUMN IF EXISTS conversation_id, DROP COLUMN IF EXISTS direction, DROP COLUMN IF EXISTS is_flagged,
  DROP COLUMN IF EXISTS contact_id, DROP COLUMN IF EXISTS account_id, DROP COLUMN IF EXISTS opportunity_id,
  DROP COLUMN IF EXISTS client_id;
DROP FUNCTION mail_subscription_route(text);
DROP TABLE mail_subscriptions;
DROP TABLE mail_folder_sync;
`);
}
