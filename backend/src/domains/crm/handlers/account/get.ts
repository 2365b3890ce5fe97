import type { Handler } from '#http/types';
import { presentAccount } from '#domains/crm/presenters';
import { loadAccount } from '#domains/crm/records';

/** Gets one account (404 for other tenants' accounts and, for client roles, other clients' or internal ones). */
export const accountGet: Handler<'account.get'> = async (input, ctx) =>
  presentAccount(await loadAccount(ctx, input.id));
