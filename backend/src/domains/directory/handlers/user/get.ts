import type { Handler } from '#http/types';
import { notFound } from '#http/errors';
import { presentUser, type UserRow } from '#domains/directory/presenters';
import { scopeUsersToClients, usersQuery } from '#domains/directory/users';

/**
 * Gets one person of the tenant with their roles and client scope; to a client-confined caller, a person
 * holding no role on its clients is invisible (404).
 */
export const userGet: Handler<'user.get'> = async (input, ctx) => {
  const query = scopeUsersToClients(ctx, usersQuery(ctx.trx, ctx.principal.tenantId)).where('u.id', input.id);
  const row = (await query.first()) as UserRow | undefined;
  if (!row) throw notFound('User');
  return presentUser(row);
};
