import type { Knex } from 'knex';
import { invalidReference } from '#http/errors';
import type { OpContext } from '#http/types';
import { findAccount, findOpportunity } from '#domains/engagements/references';

/** The account (given, or the opportunity's), the opportunity and the client a meeting is logged under. */
export async function meetingLinks(
  ctx: OpContext,
  input: { opportunityId?: string | undefined; accountId?: string | undefined },
): Promise<{ opportunityId: string | null; accountId: string | null; clientId: string | null }> {
  const opportunity = input.opportunityId ? await findOpportunity(ctx, input.opportunityId) : null;
  if (input.opportunityId && !opportunity)
    throw invalidReference('opportunityId', 'no such opportunity in this tenant');
  const accountId = input.accountId ?? opportunity?.accountId ?? null;
  const account = accountId ? await findAccount(ctx, accountId) : null;
  if (accountId && !account) throw invalidReference('accountId', 'no such account in this tenant');
  if (opportunity && account && opportunity.accountId !== account.id)
    throw invalidReference('accountId', 'is not the account of the opportunity');
  return {
    opportunityId: opportunity?.id ?? null,
    accountId: account?.id ?? null,
    clientId: opportunity?.clientId ?? account?.clientId ?? null,
  };
}

/** Contacts by address (lower-cased), not merged away: an attendee who is a contact is linked to them. */
export async function contactIdsByEmail(
  trx: Knex.Transaction,
  tenantId: string,
  emails: readonly string[],
): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = (await trx('contacts')
    .where({ tenantId })
    .whereNull('mergedIntoId')
    .whereIn(
      'email',
      emails.map((e) => e.toLowerCase()),
    )
    .orderBy('createdAt')
    .select('id', 'email')) as { id: string; email: string }[];
  const map = new Map<string, string>();
  for (const r of rows) if (!map.has(r.email)) map.set(r.email, r.id);
  return map;
}
