import type { Handler } from '#http/types';
import { invalidReference } from '#http/errors';
import { loadScoring } from '#domains/scoring/config';
import { recomputeScores } from '#domains/scoring/recompute';

/** Recomputes the scores of the given opportunities and contacts now, with their factors; emits the changes. */
export const scoreCompute: Handler<'score.compute'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const opportunityIds = [...new Set(input.opportunityIds)];
  const contactIds = [...new Set(input.contactIds)];
  // Every id must be one the caller sees (RLS: another tenant's or client's is unknown here).
  for (const [table, field, ids] of [
    ['opportunities', 'opportunityIds', opportunityIds],
    ['contacts', 'contactIds', contactIds],
  ] as const) {
    if (ids.length === 0) continue;
    const found = new Set(
      ((await ctx.trx(table).where({ tenantId }).whereIn('id', ids).select('id')) as { id: string }[]).map((r) => r.id),
    );
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0) throw invalidReference(`${field}.${missing}`, `${ids[missing]} does not exist in this tenant`);
  }
  const { results, changes } = await recomputeScores(
    ctx.trx,
    tenantId,
    { opportunityIds, contactIds },
    await loadScoring(ctx.trx, tenantId),
    ctx.now,
  );
  for (const change of changes) await ctx.emit('score.updated', change.payload, { clientId: change.clientId });
  return { scores: results };
};
