import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlainKnex } from '#db/knex';
import { migratorConfig } from '#db/migrationSource';
import { createTestDatabase, type TestDatabase } from '../helpers/db';
import { createAccount, createClient, createEngagement, createOpportunity, createTenant } from '../helpers/factories';

const MIGRATION = '20261206000100_fence_mail_engagements.ts';

/** The migration that re-stamps the mail engagements that leaked to client viewers (issue 12, items 1 and 2b). */
describe(MIGRATION, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it("re-stamps existing rows: the opportunity's client, and no copy of a synced email's words", async () => {
    const knex = createPlainKnex(db.ownerUrl, { applicationName: 'pivotal-migrate' });
    try {
      await knex.migrate.down({ ...migratorConfig, name: MIGRATION });
      const tenant = await createTenant(db.ownerKnex);
      const client = await createClient(db.ownerKnex, tenant.id);
      const account = await createAccount(db.ownerKnex, tenant.id, { clientId: client.id });
      const internal = await createOpportunity(db.ownerKnex, tenant.id, { accountId: account.id, clientId: null });
      const messageId = crypto.randomUUID();
      // What sync wrote before: the contact's client on an internal opportunity's email, with its subject.
      const synced = await createEngagement(db.ownerKnex, tenant.id, {
        accountId: account.id,
        opportunityId: internal.id,
        clientId: client.id,
        type: 'email_in',
        channel: 'email',
        subject: 'Private terms',
        bodyPreview: 'Only for the rep',
        meta: { source: 'mail.sync', messageId },
      });
      const note = await createEngagement(db.ownerKnex, tenant.id, {
        accountId: account.id,
        clientId: client.id,
        subject: 'A note',
      });
      await knex.migrate.latest(migratorConfig);
      const rows = await db
        .ownerKnex('engagements')
        .whereIn('id', [synced.id, note.id])
        .select('id', 'clientId', 'subject', 'bodyPreview', 'messageId');
      expect(rows.find((r) => r.id === synced.id)).toEqual({
        id: synced.id,
        clientId: null,
        subject: null,
        bodyPreview: null,
        messageId,
      });
      expect(rows.find((r) => r.id === note.id)).toEqual({
        id: note.id,
        clientId: client.id,
        subject: 'A note',
        bodyPreview: null,
        messageId: null,
      });
    } finally {
      await knex.destroy();
    }
  });
});
