import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { presentUser, type UserRow } from '#domains/directory/presenters';
import { scopeUsersToClients, usersQuery } from '#domains/directory/users';

/**
 * Lists the people of the tenant by e-mail, filtered by name or e-mail, role, client and active state; a
 * client-confined caller sees only the people holding a role on one of its clients.
 */
export const userList: Handler<'user.list'> = async (input, ctx) => {
  const { trx } = ctx;
  const tenantId = ctx.principal.tenantId;
  const query = scopeUsersToClients(ctx, usersQuery(trx, tenantId));
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) => w.whereRaw('u.display_name ilike ?', [pattern]).orWhereRaw('u.email ilike ?', [pattern]));
  }
  if (input.active !== undefined) query.where('u.active', input.active);
  const assigned = (column: 'role' | 'client_id', value: string) =>
    trx.raw(
      `exists (select 1 from role_assignments r where r.tenant_id = u.tenant_id and r.user_id = u.id and r.${column} = ?)`,
      [value],
    );
  if (input.role !== undefined) query.where(assigned('role', input.role));
  if (input.clientId !== undefined) query.where(assigned('client_id', input.clientId));
  applyKeyset(query, { 'u.email': 'text' }, input.cursor).limit(input.limit + 1);
  const rows = (await query) as UserRow[];
  return pageOf(rows, input.limit, (r) => [r.email], presentUser);
};
