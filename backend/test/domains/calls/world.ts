import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { TestApp, TestTenant } from '../../helpers/app';
import { createAccount, createContact, createOpportunity } from '../../helpers/factories';

/** Tenant acme (a contact in London with an opportunity, a contact in Germany, one in Northwind's client) and other. */
export type CallWorld = {
  acme: TestTenant;
  other: TestTenant;
  contactId: string;
  opportunityId: string;
  germanContactId: string;
  otherContactId: string;
};

export async function buildCallWorld(t: TestApp): Promise<CallWorld> {
  const db = t.db.ownerKnex;
  const [acme, other] = [await t.tenant(), await t.tenant()];
  const account = await createAccount(db, acme.id);
  const contact = await createContact(db, acme.id, {
    accountId: account.id,
    phone: '+44 20 7946 0123',
    timeZone: 'Europe/London',
  });
  const opp = await createOpportunity(db, acme.id, {
    accountId: account.id,
    ownerId: acme.users.salesRep.id,
    primaryContactId: contact.id,
  });
  const german = await createContact(db, acme.id, { accountId: account.id, phone: '+4930123456789' });
  const foreign = await createContact(db, other.id, { phone: '+442079460999' });
  return {
    acme,
    other,
    contactId: contact.id,
    opportunityId: opp.id,
    germanContactId: german.id,
    otherContactId: foreign.id,
  };
}

/** Waits (polling the database) until the call's row satisfies `done`; answers the row. */
export async function waitForCall(
  db: Knex,
  id: string,
  done: (row: Record<string, any>) => boolean,
  timeoutMs = 10_000,
): Promise<Record<string, any>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const row = (await db('callSessions').where({ id }).first()) as Record<string, any>;
    if (row && done(row)) return row;
    if (Date.now() > until) expect.fail(`call ${id} did not get there: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sets the tenant's recording consent rules. */
export async function setConsent(t: TestApp, tenant: TestTenant, recording: Record<string, unknown>) {
  const res = await t.call('compliance.settings.update', { recording }, tenant.users.admin.token);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}
