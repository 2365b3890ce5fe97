import type { Knex } from 'knex';
import { currentUser, notClientScoped, tenantColumn, tenantRls, timestamps } from '../rls';

/** A mailbox owner, a worker (`app.mailbox_scope = 'all'`), or a user with an unrevoked share of `access`. */
function ownerWorkerOrShare(access: 'any' | 'readSend'): string {
  const kind = access === 'readSend' ? ` AND s.access = 'readSend'` : '';
  return `${notClientScoped} AND (user_id = ${currentUser}
    OR (SELECT current_setting('app.mailbox_scope', true) = 'all')
    OR mailbox_id = ANY (ARRAY(SELECT s.mailbox_id FROM mailbox_shares s
      WHERE s.user_id = ${currentUser} AND s.revoked_at IS NULL${kind})))`;
}

/**
 * The mail outbox (one row per message to send, keyed by a deterministic send key per tenant; the sender worker
 * sends it through Graph exactly once) and the sealed message body cache (`mail.message.get`, with a TTL).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE mail_outbox (
  ${tenantColumn},
  id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  -- The mailbox owner, copied so mailbox privacy is a column check (the FK keeps it truthful).
  user_id uuid NOT NULL,
  send_key text NOT NULL CHECK (length(send_key) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'cancelled')),
  origin text NOT NULL CHECK (origin IN ('manual', 'sequence')),
  to_recipients jsonb NOT NULL,
  cc_recipients jsonb NOT NULL DEFAULT '[]',
  bcc_recipients jsonb NOT NULL DEFAULT '[]',
  subject text NOT NULL,
  -- AES-256-GCM sealed JSON { bodyHtml, headers, attachments } under the tenant's data key; dropped once sent.
  content_sealed bytea,
  options jsonb NOT NULL DEFAULT '{}',
  send_at timestamptz,
  reply_to_message_id uuid,
  enrollment_id uuid,
  contact_ids uuid[] NOT NULL DEFAULT '{}',
  opportunity_id uuid,
  created_by uuid,
  attempts int NOT NULL DEFAULT 0,
  last_error jsonb,
  -- Progress of the send: the Graph draft made for it, when /send was called, and what was sent.
  -- A run holds the row while it talks to Graph; a crashed run's lease simply expires.
  lease_until timestamptz,
  draft_id text,
  send_requested_at timestamptz,
  sent_at timestamptz,
  external_id text,
  message_id uuid,
  thread_key text,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, send_key),
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE
);
CREATE INDEX mail_outbox_due_idx ON mail_outbox (tenant_id, status, send_at) WHERE status IN ('queued', 'sending');
CREATE INDEX mail_outbox_mailbox_idx ON mail_outbox (tenant_id, mailbox_id, created_at DESC);
${tenantRls('mail_outbox')}
-- Senders: the owner, a readSend share, or a worker (the sequence runner); never client scope.
CREATE POLICY mailbox_privacy ON mail_outbox AS RESTRICTIVE
  USING (${ownerWorkerOrShare('readSend')})
  WITH CHECK (${ownerWorkerOrShare('readSend')});

CREATE TABLE mail_body_cache (
  ${tenantColumn},
  message_id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  user_id uuid NOT NULL,
  -- AES-256-GCM sealed JSON { body, bcc, attachments } under the tenant's data key.
  body_sealed bytea NOT NULL,
  fetched_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ${timestamps},
  PRIMARY KEY (tenant_id, message_id),
  FOREIGN KEY (tenant_id, message_id) REFERENCES message_index (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE
);
CREATE INDEX mail_body_cache_mailbox_idx ON mail_body_cache (tenant_id, mailbox_id);
CREATE INDEX mail_body_cache_expiry_idx ON mail_body_cache (expires_at);
${tenantRls('mail_body_cache')}
-- Whoever may read the mailbox's messages may cache what they read.
CREATE POLICY mailbox_privacy ON mail_body_cache AS RESTRICTIVE
  USING (${ownerWorkerOrShare('any')})
  WITH CHECK (${ownerWorkerOrShare('any')});
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE mail_body_cache; DROP TABLE mail_outbox;');
}
