import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { scopeToClients } from '#domains/shared/records';
import { containsPattern } from '#domains/shared/textSearch';
import { presentSequence } from '#domains/sequences/presenters';
import type { SequenceRow } from '#domains/sequences/rows';

/** Lists sequences by name (then id), filtered by name, goal, active state, owner or client. */
export const sequenceList: Handler<'sequence.list'> = async (input, ctx) => {
  const query = scopeToClients(ctx, ctx.trx('sequences').where({ tenantId: ctx.principal.tenantId }));
  if (input.q) query.where('name', 'ilike', containsPattern(input.q));
  if (input.goal) query.where({ goal: input.goal });
  if (input.active !== undefined) query.where({ active: input.active });
  if (input.ownerId) query.where({ ownerId: input.ownerId });
  if (input.clientId) query.where({ clientId: input.clientId });
  if (!input.includeArchived) query.whereNull('archivedAt');
  applyKeyset(query, { name: 'text', id: 'uuid' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as SequenceRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentSequence);
};
