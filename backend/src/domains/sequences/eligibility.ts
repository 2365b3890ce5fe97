import type { EnrollSkipReason } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';

/** The contact fields the engine reads. */
export type ContactFacts = {
  id: string;
  email: string | null;
  optedOut: boolean;
  timeZone: string | null;
  firstName: string | null;
  lastName: string | null;
  clientId: string | null;
};

/** Loads contacts by id (those RLS lets the transaction see). */
export async function loadContacts(
  trx: Knex | Knex.Transaction,
  tenantId: string,
  ids: readonly string[],
): Promise<Map<string, ContactFacts>> {
  if (ids.length === 0) return new Map();
  const rows = (await trx('contacts')
    .where({ tenantId })
    .whereIn('id', [...new Set(ids)])
    .select('id', 'email', 'optedOut', 'timeZone', 'firstName', 'lastName', 'clientId')) as ContactFacts[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** Why a contact may not be emailed by a sequence, or null when it may. */
export function blockReason(
  contact: ContactFacts,
  suppressed: ReadonlySet<string>,
  respectOptOut: boolean,
): EnrollSkipReason | null {
  if (!contact.email) return 'no_email';
  if (suppressed.has(contact.email.toLowerCase())) return 'suppressed';
  if (respectOptOut && contact.optedOut) return 'opted_out';
  return null;
}
