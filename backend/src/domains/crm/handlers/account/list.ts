import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { scopeToClients } from '#domains/shared/records';
import { containsPattern } from '#domains/shared/textSearch';
import { presentAccount, type AccountRow } from '#domains/crm/presenters';

/** Lists accounts by name, filtered by name or domain, domain, client, owner or tags (all of them). */
export const accountList: Handler<'account.list'> = async (input, ctx) => {
  const query = scopeToClients(ctx, ctx.trx('accounts').where({ tenantId: ctx.principal.tenantId }));
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) => w.whereRaw('name ilike ?', [pattern]).orWhereRaw('domain ilike ?', [pattern]));
  }
  if (input.domain !== undefined) query.where('domain', input.domain);
  if (input.clientId !== undefined) query.where('clientId', input.clientId);
  if (input.ownerId !== undefined) query.where('ownerId', input.ownerId);
  if (input.tags !== undefined && input.tags.length > 0) query.whereRaw('tags @> ?::text[]', [input.tags]);
  applyKeyset(query, { name: 'text', id: 'uuid' }, input.cursor).limit(input.limit + 1);
  const rows = (await query) as AccountRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentAccount);
};
