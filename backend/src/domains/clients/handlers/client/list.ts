import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { presentClient, type ClientRow } from '#domains/clients/presenters';

/** Lists clients by name (archived ones only with `includeArchived`); client roles see only their own. */
export const clientList: Handler<'client.list'> = async (input, ctx) => {
  const query = ctx.trx('clients').where({ tenantId: ctx.principal.tenantId });
  if (!input.includeArchived) query.where('status', 'active');
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) =>
      w
        .whereRaw('name ilike ?', [pattern])
        .orWhereRaw('code ilike ?', [pattern])
        .orWhereRaw('domain ilike ?', [pattern]),
    );
  }
  applyKeyset(query, { name: 'text', id: 'uuid' }, input.cursor).limit(input.limit + 1);
  const rows = (await query) as ClientRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentClient);
};
