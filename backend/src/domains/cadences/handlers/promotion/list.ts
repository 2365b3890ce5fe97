import type { Handler } from '#http/types';
import { decodeCursor, encodeCursor } from '#domains/shared/pagination';
import { isoRequired } from '#domains/shared/present';
import { presentPromotion } from '#domains/cadences/promotions/store';
import type { PromotionRow } from '#domains/cadences/rows';

/** Lists promotions by pipeline, status or the time they are active at, newest first. */
export const promotionList: Handler<'promotion.list'> = async (input, ctx) => {
  const query = ctx.trx('promotions').where({ tenantId: ctx.principal.tenantId });
  if (input.pipelineId) query.where({ pipelineId: input.pipelineId });
  if (input.status) query.where({ status: input.status });
  if (input.activeAt) query.where('cohortTakenAt', '<=', input.activeAt).where('endDate', '>=', input.activeAt);
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, ['timestamp', 'uuid']);
    query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [createdAt, id]);
  }
  const rows = (await query
    .orderBy([
      { column: 'createdAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1)) as PromotionRow[];
  const kept = rows.slice(0, input.limit);
  const data = [];
  for (const row of kept) data.push(await presentPromotion(ctx.trx, row));
  const last = kept[kept.length - 1];
  return {
    data,
    nextCursor: rows.length > input.limit && last ? encodeCursor([isoRequired(last.createdAt), last.id]) : null,
  };
};
