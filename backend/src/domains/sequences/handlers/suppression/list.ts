import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { containsPattern } from '#domains/shared/textSearch';
import { presentSuppression } from '#domains/sequences/presenters';
import type { SuppressionRow } from '#domains/sequences/rows';

/** Lists the suppression list by value (then id), filtered by kind, reason or a value fragment. */
export const suppressionList: Handler<'suppression.list'> = async (input, ctx) => {
  const query = ctx.trx('suppressions').where({ tenantId: ctx.principal.tenantId });
  if (input.kind) query.where({ kind: input.kind });
  if (input.reason) query.where({ reason: input.reason });
  if (input.q) query.where('value', 'ilike', containsPattern(input.q));
  applyKeyset(query, { value: 'text', id: 'uuid' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as SuppressionRow[];
  return pageOf(rows, input.limit, (r) => [r.value, r.id], presentSuppression);
};
