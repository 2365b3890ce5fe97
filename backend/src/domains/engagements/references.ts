import { invalidReference } from '#http/errors';
import type { OpContext } from '#http/types';
import { canSeeClient } from '#domains/shared/records';

/** What engagements and tasks need to know about a linked opportunity. */
export type OpportunityRef = { id: string; accountId: string; clientId: string | null };
/** What engagements and tasks need to know about a linked account. */
export type AccountRef = { id: string; clientId: string | null };
/** What engagements and tasks need to know about a linked contact. */
export type ContactRef = { id: string; accountId: string; clientId: string | null };

/** The opportunity if the caller can see it (RLS hides other tenants and, for client roles, other clients). */
export async function findOpportunity(ctx: OpContext, id: string): Promise<OpportunityRef | undefined> {
  const row = (await ctx
    .trx('opportunities')
    .where({ tenantId: ctx.principal.tenantId, id })
    .first('id', 'accountId', 'clientId')) as OpportunityRef | undefined;
  return row;
}

/** The account if the caller can see it (accounts carry no client-scope policy: it is checked here). */
export async function findAccount(ctx: OpContext, id: string): Promise<AccountRef | undefined> {
  const row = (await ctx.trx('accounts').where({ tenantId: ctx.principal.tenantId, id }).first('id', 'clientId')) as
    AccountRef | undefined;
  return row && canSeeClient(ctx, row.clientId) ? row : undefined;
}

/** The contact if the caller can see it (checked here, like accounts). */
export async function findContact(ctx: OpContext, id: string): Promise<ContactRef | undefined> {
  const row = (await ctx
    .trx('contacts')
    .where({ tenantId: ctx.principal.tenantId, id })
    .first('id', 'accountId', 'clientId')) as ContactRef | undefined;
  return row && canSeeClient(ctx, row.clientId) ? row : undefined;
}

/** Loads the optional opportunity and contact links of an input, or throws 422 on the field that is wrong. */
export async function resolveLinks(
  ctx: OpContext,
  input: { opportunityId?: string | null | undefined; contactId?: string | null | undefined },
): Promise<{ opportunity: OpportunityRef | null; contact: ContactRef | null }> {
  let opportunity: OpportunityRef | null = null;
  let contact: ContactRef | null = null;
  if (input.opportunityId) {
    opportunity = (await findOpportunity(ctx, input.opportunityId)) ?? null;
    if (!opportunity) throw invalidReference('opportunityId', 'no such opportunity in this tenant');
  }
  if (input.contactId) {
    contact = (await findContact(ctx, input.contactId)) ?? null;
    if (!contact) throw invalidReference('contactId', 'no such contact in this tenant');
  }
  return { opportunity, contact };
}

/** Throws 422 on `field` unless `userId` is an active user of the caller's tenant. */
export async function assertActiveUser(ctx: OpContext, userId: string, field: string): Promise<void> {
  const row = await ctx.trx('users').where({ tenantId: ctx.principal.tenantId, id: userId, active: true }).first('id');
  if (!row) throw invalidReference(field, 'no such active user in this tenant');
}
