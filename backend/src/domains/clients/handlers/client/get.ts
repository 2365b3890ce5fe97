import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentClient, type ClientRow } from '#domains/clients/presenters';

/** Gets one client (RLS hides other tenants' clients and, from client roles, other clients). */
export const clientGet: Handler<'client.get'> = async (input, ctx) => {
  const row = (await ctx.trx('clients').where({ tenantId: ctx.principal.tenantId, id: input.id }).first()) as
    ClientRow | undefined;
  if (!row) throw notFound('Client');
  return presentClient(row);
};
