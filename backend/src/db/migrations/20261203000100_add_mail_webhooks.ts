import type { Knex } from 'knex';
import { mailboxPrivacy, ownerReadPolicy, tenantColumn, tenantRls } from '../rls';

/**
 * The O365 webhook processor (issue 3): each Graph subscription watches one synced folder; a pending-creation
 * row lets the public validation handshake answer only while we are creating a subscription; and
 * `queue_mail_job` lets the public webhook route (app role, no tenant yet, no access to graphile-worker's
 * schema) queue a folder sync or a subscription repair with a job key, and nothing else.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE mail_subscriptions
  ADD COLUMN external_folder_id text,
  ADD COLUMN last_lifecycle_event text,
  ADD COLUMN renewed_at timestamptz;
CREATE INDEX mail_subscriptions_mailbox_idx ON mail_subscriptions (tenant_id, mailbox_id);

CREATE TABLE mail_subscription_pending (
  ${tenantColumn},
  id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  user_id uuid NOT NULL,
  expires_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id) ON DELETE CASCADE
);
${tenantRls('mail_subscription_pending')}
${mailboxPrivacy('mail_subscription_pending')}
${ownerReadPolicy('mail_subscription_pending')}

-- The validation handshake arrives before any tenant is known: is a subscription creation in flight?
CREATE FUNCTION mail_subscription_validation_pending() RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM mail_subscription_pending WHERE expires_at > now()) $$;
REVOKE ALL ON FUNCTION mail_subscription_validation_pending() FROM PUBLIC;

-- Queues one of the mail tasks with a job key (its own queue, so a mailbox's jobs run one at a time).
-- Answers false when graphile-worker has not installed its schema yet (the minute tick catches up).
CREATE FUNCTION queue_mail_job(task text, payload json, job_key text) RETURNS boolean
  LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public
  AS $$
BEGIN
  IF task NOT IN ('mail_sync_mailbox', 'mail_subscription_maintain') THEN
    RAISE EXCEPTION 'queue_mail_job: task % is not allowed', task;
  END IF;
  IF to_regnamespace('graphile_worker') IS NULL THEN
    RETURN false;
  END IF;
  EXECUTE 'SELECT graphile_worker.add_job($1, $2, queue_name => $3, max_attempts => 10, job_key => $3, job_key_mode => ''preserve_run_at'')'
    USING task, payload, job_key;
  RETURN true;
END $$;
REVOKE ALL ON FUNCTION queue_mail_job(text, json, text) FROM PUBLIC;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP FUNCTION queue_mail_job(text, json, text);
DROP FUNCTION mail_subscription_validation_pending();
DROP TABLE mail_subscription_pending;
DROP INDEX mail_subscriptions_mailbox_idx;
ALTER TABLE mail_subscriptions DROP COLUMN external_folder_id, DROP COLUMN last_lifecycle_event, DROP COLUMN renewed_at;
`);
}
