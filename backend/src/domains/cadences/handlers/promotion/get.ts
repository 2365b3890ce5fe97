import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentPromotion } from '#domains/cadences/promotions/store';
import type { PromotionRow } from '#domains/cadences/rows';

/** Gets one promotion with its touchpoints, cohort and per-touchpoint progress. */
export const promotionGet: Handler<'promotion.get'> = async (input, ctx) => {
  const row = (await ctx.trx('promotions').where({ tenantId: ctx.principal.tenantId, id: input.id }).first()) as
    PromotionRow | undefined;
  if (!row) throw notFound('Promotion');
  return presentPromotion(ctx.trx, row);
};
