import type { Knex } from 'knex';
import {
  mailboxPrivacy,
  notClientScoped,
  currentUser,
  sharedMailboxPrivacy,
  tenantColumn,
  tenantRls,
  timestamps,
} from '../rls';

/**
 * Explicit mailbox shares, and the mailbox's SMTP address (set when it is connected). Mail stays visible to its
 * owner only, unless the owner shares the mailbox: the mailbox privacy policies of `mailbox_accounts` and
 * `message_index` now also admit the users of unrevoked shares (read only: writes stay the owner's).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE mailbox_accounts ADD COLUMN address text;

CREATE TABLE mailbox_shares (
  ${tenantColumn},
  id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  -- The mailbox owner, copied so the share's own visibility is a column check (the FK keeps it truthful).
  owner_id uuid NOT NULL,
  user_id uuid NOT NULL,
  access text NOT NULL DEFAULT 'read' CHECK (access IN ('read', 'readSend')),
  created_by uuid NOT NULL,
  revoked_at timestamptz,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, mailbox_id, owner_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id)
);
-- One live share per mailbox and user.
CREATE UNIQUE INDEX mailbox_shares_active_idx ON mailbox_shares (tenant_id, mailbox_id, user_id) WHERE revoked_at IS NULL;
CREATE INDEX mailbox_shares_user_idx ON mailbox_shares (tenant_id, user_id) WHERE revoked_at IS NULL;
${tenantRls('mailbox_shares')}
-- A share is visible to the mailbox owner and the user it names (and workers), never to client scope.
CREATE POLICY mailbox_privacy ON mailbox_shares AS RESTRICTIVE
  USING (${notClientScoped} AND (owner_id = ${currentUser} OR user_id = ${currentUser}
    OR (SELECT current_setting('app.mailbox_scope', true) = 'all')))
  WITH CHECK (${notClientScoped} AND (owner_id = ${currentUser}
    OR (SELECT current_setting('app.mailbox_scope', true) = 'all')));

DROP POLICY mailbox_privacy ON mailbox_accounts;
${sharedMailboxPrivacy('mailbox_accounts', 'id')}
DROP POLICY mailbox_privacy ON message_index;
${sharedMailboxPrivacy('message_index', 'mailbox_id')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP POLICY mailbox_privacy ON message_index;
${mailboxPrivacy('message_index')}
DROP POLICY mailbox_privacy ON mailbox_accounts;
${mailboxPrivacy('mailbox_accounts')}
DROP TABLE mailbox_shares;
ALTER TABLE mailbox_accounts DROP COLUMN address;
`);
}
