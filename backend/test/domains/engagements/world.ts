import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { TestApp, TestTenant } from '../../helpers/app';
import { createAccount, createApiKey, createContact, createOpportunity } from '../../helpers/factories';

/**
 * Fixture data shared by the engagement tests: tenant acme (a Northwind client account with a contact and an
 * opportunity, and an internal account and opportunity, all owned by acme's sales rep) and tenant other.
 */
export type World = {
  acme: TestTenant;
  other: TestTenant;
  clientAccountId: string;
  clientContactId: string;
  clientOppId: string;
  internalAccountId: string;
  internalContactId: string;
  internalOppId: string;
  otherAccountId: string;
  otherContactId: string;
  otherOppId: string;
};

/** Builds the fixture data through the owner connection. */
export async function buildWorld(t: TestApp): Promise<World> {
  const db = t.db.ownerKnex;
  const [acme, other] = [await t.tenant(), await t.tenant()];
  const rep = acme.users.salesRep.id;
  const clientAccount = await createAccount(db, acme.id, { clientId: acme.clientId });
  const clientContact = await createContact(db, acme.id, { accountId: clientAccount.id, clientId: acme.clientId });
  const clientOpp = await createOpportunity(db, acme.id, {
    clientId: acme.clientId,
    accountId: clientAccount.id,
    ownerId: rep,
  });
  const internalAccount = await createAccount(db, acme.id);
  const internalContact = await createContact(db, acme.id, { accountId: internalAccount.id });
  const internalOpp = await createOpportunity(db, acme.id, { accountId: internalAccount.id, ownerId: rep });
  const otherAccount = await createAccount(db, other.id);
  const otherContact = await createContact(db, other.id, { accountId: otherAccount.id });
  const otherOpp = await createOpportunity(db, other.id, {
    accountId: otherAccount.id,
    ownerId: other.users.salesRep.id,
  });
  return {
    acme,
    other,
    clientAccountId: clientAccount.id,
    clientContactId: clientContact.id,
    clientOppId: clientOpp.id,
    internalAccountId: internalAccount.id,
    internalContactId: internalContact.id,
    internalOppId: internalOpp.id,
    otherAccountId: otherAccount.id,
    otherContactId: otherContact.id,
    otherOppId: otherOpp.id,
  };
}

/** Row count of a table (owner connection: every tenant). */
export async function countRows(db: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = (await db(table).where(where).count<{ count: string }[]>('* as count'))[0];
  return Number(row?.count ?? 0);
}

/** Counts of the tables a mutation writes, to prove a refused call wrote nothing. */
export async function writeCounts(db: Knex, tables: readonly string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [...tables, 'audit_log', 'events']) out[table] = await countRows(db, table);
  return out;
}

/** Paths named by a 400 validation_failed body. */
export function issuePaths(body: { error?: { details?: { issues?: { path: string }[] } } }): string[] {
  return (body.error?.details?.issues ?? []).map((i) => i.path);
}

/** A bearer API key of `role` for a tenant, confined to `clientIds` when given (for client-scope cases). */
export async function apiKeyToken(
  t: TestApp,
  tenantId: string,
  role: Role,
  clientIds: string[] | null = null,
): Promise<string> {
  const secret = randomBytes(24).toString('base64url');
  const key = await createApiKey(t.db.ownerKnex, tenantId, {
    role,
    clientIds,
    keyHash: createHash('sha256').update(secret).digest('hex'),
  });
  return `pvk_${key.id}.${secret}`;
}
