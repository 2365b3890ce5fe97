import type { Knex } from 'knex';
import type { IndexRow, SyncMailbox } from './messageRows';

/** Where a message was linked: its counterpart contact, the contact's account and an open opportunity. */
export type MessageLink = {
  contactId: string;
  accountId: string;
  opportunityId: string | null;
  clientId: string | null;
};

/** Why a message was indexed but not linked (counted per folder in the status). */
export type SkipReason = 'draft' | 'no_counterpart' | 'internal' | 'unknown_contact';

/** The link or the skip reason of each row, by row id. */
export type LinkResult = Map<string, { link: MessageLink } | { skipped: SkipReason }>;

type ContactRow = { id: string; email: string; accountId: string; clientId: string | null };
type OpportunityRow = { id: string; accountId: string; clientId: string | null; primaryContactId: string | null };

/** The addresses on the other side of a message: its sender when inbound, its recipients when outbound. */
export function counterparts(mailbox: SyncMailbox, row: IndexRow): string[] {
  const self = mailbox.address.toLowerCase();
  const candidates = row.direction === 'in' ? [row.from_address] : [...row.to_addresses, ...row.cc_addresses];
  return candidates.filter((a): a is string => a !== null && a !== self);
}

const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1);

/**
 * Links rows to contacts by address (first counterpart that is a known, unmerged contact), then to the
 * contact's account and an open opportunity of that account: the one whose primary contact it is, else the
 * most recently updated. Runs inside the tenant-scoped transaction of the page.
 */
export async function linkRows(trx: Knex.Transaction, mailbox: SyncMailbox, rows: IndexRow[]): Promise<LinkResult> {
  const result: LinkResult = new Map();
  const wanted = new Set<string>();
  for (const row of rows) for (const address of counterparts(mailbox, row)) wanted.add(address);
  const contacts =
    wanted.size === 0
      ? []
      : ((await trx('contacts as c')
          .join('accounts as a', function joinAccount() {
            this.on('a.tenantId', 'c.tenantId').andOn('a.id', 'c.accountId');
          })
          .where('c.tenantId', mailbox.tenantId)
          .whereIn('c.email', [...wanted])
          .whereNull('c.mergedIntoId')
          .orderBy('c.createdAt')
          .select(
            'c.id',
            'c.email',
            'c.accountId',
            trx.raw('coalesce(c.client_id, a.client_id) as client_id'),
          )) as ContactRow[]);
  const byEmail = new Map<string, ContactRow>();
  for (const contact of contacts) if (!byEmail.has(contact.email)) byEmail.set(contact.email, contact);
  const accountIds = [...new Set(contacts.map((c) => c.accountId))];
  const opportunities =
    accountIds.length === 0
      ? []
      : ((await trx('opportunities')
          .where({ tenantId: mailbox.tenantId, status: 'open' })
          .whereIn('accountId', accountIds)
          .orderBy('updatedAt', 'desc')
          .select('id', 'accountId', 'clientId', 'primaryContactId')) as OpportunityRow[]);
  const ownDomain = domainOf(mailbox.address.toLowerCase());
  for (const row of rows) {
    if (row.is_draft) {
      result.set(row.id, { skipped: 'draft' });
      continue;
    }
    const others = counterparts(mailbox, row);
    const contact = others.map((a) => byEmail.get(a)).find((c) => c !== undefined);
    if (!contact) {
      const reason: SkipReason =
        others.length === 0
          ? 'no_counterpart'
          : others.every((a) => domainOf(a) === ownDomain)
            ? 'internal'
            : 'unknown_contact';
      result.set(row.id, { skipped: reason });
      continue;
    }
    const open = opportunities.filter((o) => o.accountId === contact.accountId);
    const opportunity = open.find((o) => o.primaryContactId === contact.id) ?? open[0] ?? null;
    // The client of a message linked to an opportunity is the opportunity's, even when that is NULL (an internal
    // opportunity): falling back to the contact's client would show the mail to that client's viewers.
    const clientId = opportunity ? opportunity.clientId : contact.clientId;
    result.set(row.id, {
      link: { contactId: contact.id, accountId: contact.accountId, opportunityId: opportunity?.id ?? null, clientId },
    });
  }
  return result;
}
