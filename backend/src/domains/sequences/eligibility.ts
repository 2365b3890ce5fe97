import type { EnrollSkipReason } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';

/** The contact fields the engine reads. */
export type ContactFacts = { id: string; email: string | null; optedOut: boolean; timeZone: string | null; firstName: string | null; lastName: string | null; clientId: string | null };

/** Loads contacts by id (those RLS lets the transaction see). */
export async function loadContacts(trx: Knex | Knex.Transaction, tenantId: string, ids: readonly string[]): Promise<Map<string, ContactFacts>> {
  if (ids.length === 0) return new Map();
  const rows = (await trx('contacts')
    .where({ tenantId })
    .whereIn('id', [...new Set(ids)])
    .select('id', 'email', 'optedOut', 'timeZone', 'firstName', 'lastName', 'clientId')) as ContactFacts[];
  return new Map(rows.map((r) => [r.id, r]));
}

/** The addresses among `emails` that the suppression list covers, by address or by domain. */
export async function suppressedEmails(trx: Knex | Knex.Transaction, tenantId: string, emails: readonly string[]): Promise<Set<string>> {
  const list = [...new Set(emails.map((e) => e.toLowerCase()))];
  if (list.length === 0) return new Set();
  const domains = [...new Set(list.map((e) => e.slice(e.lastIndexOf('@') + 1)))];
  const rows = (await trx('suppressions')
    .where({ tenantId })
    .where((q) => q.where((a) => a.where({ kind: 'email' }).whereIn('value', list)).orWhere((b) => b.where({ kind: 'domain' }).whereIn('value', domains)))
    .select('kind', 'value')) as { kind: string; value: string }[];
  const byEmail = new Set(rows.filter((r) => r.kind === 'email').map((r) => r.value));
  const byDomain = new Set(rows.filter((r) => r.kind === 'domain').map((r) => r.value));
  return new Set(list.filter((e) => byEmail.has(e) || byDomain.has(e.slice(e.lastIndexOf('@') + 1))));
}

/** Why a contact may not be emailed by a sequence, or null when it may. */
export function blockReason(contact: ContactFacts, suppressed: ReadonlySet<string>, respectOptOut: boolean): EnrollSkipReason | null {
  if (!contact.email) return 'no_email';
  if (suppressed.has(contact.email.toLowerCase())) return 'suppressed';
  if (respectOptOut && contact.optedOut) return 'opted_out';
  return null;
}
