import type { Knex } from 'knex';
import { eachTenant } from '../eachTenant';
import { notClientScoped } from '../rls';

/**
 * Closes two leaks of mail to people who may not read it (issue 12, items 1 and 2b):
 *
 * 1. An engagement's client is its opportunity's client. Mail sync stamped an engagement of an internal opportunity
 *    (client NULL) with its contact's client, so that client's viewers read it. Existing rows are re-stamped, and
 *    the database keeps it so: a foreign key (tenant_id, opportunity_id, client_id) -> opportunities refuses a client
 *    that differs from a client opportunity's, and a trigger fills a missing client from the opportunity (a foreign
 *    key with one NULL column is not checked, so an engagement of an internal opportunity keeps client NULL).
 *    `message_index` rows are re-stamped by the same rule.
 * 2. What a synced email says stays in the mailbox. Engagements that mail sync writes keep no subject or preview of
 *    their own: they point at the message (`message_id`), and reads take the subject and preview from
 *    `message_index`, whose mailbox privacy policy shows them to the owner and the users the mailbox is shared with
 *    only. Everyone else who can see the record sees that an email happened (direction, date, contact). Logging an
 *    email to a record (`engagement.log` with `messageId`) copies its subject and preview into the engagement: the
 *    owner's explicit choice to share it. Client-scoped callers (client roles, client API keys and embed tokens)
 *    never see email engagements (`email_in`, `email_out`) at all: a restrictive policy. Campaign events (opens and
 *    clicks on a sequence's email) say nothing of a message and stay visible to the client's roles.
 *
 * Data is re-stamped tenant by tenant with `app.tenant_id` set, so an owner that does not bypass RLS can run it.
 */
const CLIENT_OF_OPPORTUNITY = `
CREATE FUNCTION engagement_client_of_opportunity() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
DECLARE
  found_client uuid;
BEGIN
  SELECT o.client_id INTO found_client FROM opportunities o WHERE o.tenant_id = NEW.tenant_id AND o.id = NEW.opportunity_id;
  IF FOUND THEN
    NEW.client_id := found_client;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER engagements_client_of_opportunity BEFORE INSERT OR UPDATE OF opportunity_id, client_id ON engagements
  FOR EACH ROW WHEN (NEW.opportunity_id IS NOT NULL AND NEW.client_id IS NULL)
  EXECUTE FUNCTION engagement_client_of_opportunity();`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE engagements ADD COLUMN message_id uuid;
CREATE UNIQUE INDEX opportunities_client_key ON opportunities (tenant_id, id, client_id);
`);
  await eachTenant(knex, async (tenantId) => {
    await knex.raw(
      `UPDATE engagements e SET client_id = o.client_id FROM opportunities o
       WHERE e.tenant_id = ? AND o.tenant_id = e.tenant_id AND o.id = e.opportunity_id AND e.client_id IS DISTINCT FROM o.client_id`,
      [tenantId],
    );
    await knex.raw(
      `UPDATE message_index m SET client_id = o.client_id FROM opportunities o
       WHERE m.tenant_id = ? AND o.tenant_id = m.tenant_id AND o.id = m.opportunity_id AND m.client_id IS DISTINCT FROM o.client_id`,
      [tenantId],
    );
    // Synced mail engagements point at their message and keep no copy of its words.
    await knex.raw(
      `UPDATE engagements SET message_id = (meta->>'messageId')::uuid, subject = NULL, body_preview = NULL
       WHERE tenant_id = ? AND meta->>'source' = 'mail.sync'
         AND meta->>'messageId' ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`,
      [tenantId],
    );
  });
  await knex.raw(`
-- One engagement per message: sync adds none for a message already logged by hand (and the reverse).
CREATE UNIQUE INDEX engagements_message_key ON engagements (tenant_id, message_id, occurred_at);
ALTER TABLE engagements ADD CONSTRAINT engagements_opportunity_client_fk
  FOREIGN KEY (tenant_id, opportunity_id, client_id) REFERENCES opportunities (tenant_id, id, client_id) ON UPDATE CASCADE;
${CLIENT_OF_OPPORTUNITY}
CREATE POLICY mail_client_fence ON engagements AS RESTRICTIVE
  USING (${notClientScoped} OR type NOT IN ('email_in', 'email_out'))
  WITH CHECK (${notClientScoped} OR type NOT IN ('email_in', 'email_out'));
`);
}

export async function down(knex: Knex): Promise<void> {
  await eachTenant(knex, async (tenantId) => {
    await knex.raw(
      `UPDATE engagements e SET subject = m.subject, body_preview = m.snippet FROM message_index m
       WHERE e.tenant_id = ? AND m.tenant_id = e.tenant_id AND m.id = e.message_id AND e.subject IS NULL`,
      [tenantId],
    );
  });
  await knex.raw(`
DROP POLICY mail_client_fence ON engagements;
DROP TRIGGER engagements_client_of_opportunity ON engagements;
DROP FUNCTION engagement_client_of_opportunity();
ALTER TABLE engagements DROP CONSTRAINT engagements_opportunity_client_fk;
DROP INDEX engagements_message_key;
DROP INDEX opportunities_client_key;
ALTER TABLE engagements DROP COLUMN message_id;
`);
}
