import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { scopeToClients } from '#domains/shared/records';
import { containsPattern } from '#domains/shared/textSearch';
import { presentContact, type ContactRow } from '#domains/crm/presenters';

const sortKey = { "coalesce(last_name, '')": 'text', "coalesce(first_name, '')": 'text', id: 'uuid' } as const;

/** Lists live contacts by last and first name, filtered by ids, account, client, owner, name or e-mail, opt-out, tags. */
export const contactList: Handler<'contact.list'> = async (input, ctx) => {
  const query = scopeToClients(
    ctx,
    ctx.trx('contacts').where({ tenantId: ctx.principal.tenantId }).whereNull('mergedIntoId'),
  );
  if (input.ids !== undefined) query.whereIn('id', input.ids);
  if (input.accountId !== undefined) query.where('accountId', input.accountId);
  if (input.clientId !== undefined) query.where('clientId', input.clientId);
  if (input.ownerId !== undefined) query.where('ownerId', input.ownerId);
  if (input.email !== undefined) query.where('email', input.email);
  if (input.optedOut !== undefined) query.where('optedOut', input.optedOut);
  if (input.tags !== undefined && input.tags.length > 0) query.whereRaw('tags @> ?::text[]', [input.tags]);
  if (input.q !== undefined) {
    const pattern = containsPattern(input.q);
    query.where((w) =>
      w.whereRaw("concat_ws(' ', first_name, last_name) ilike ?", [pattern]).orWhereRaw('email ilike ?', [pattern]),
    );
  }
  applyKeyset(query, sortKey, input.cursor).limit(input.limit + 1);
  const rows = (await query) as ContactRow[];
  return pageOf(rows, input.limit, (r) => [r.lastName ?? '', r.firstName ?? '', r.id], presentContact);
};
