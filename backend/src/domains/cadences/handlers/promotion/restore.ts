import type { Handler } from '#http/types';
import { restoreSnapped } from '#domains/cadences/promotions/restore';
import { loadPromotion } from '#domains/cadences/promotions/store';

/** Restores snapped leads of a promotion early (all, or the given ones), each exactly from its snapshot. */
export const promotionRestore: Handler<'promotion.restore'> = async (input, ctx) => {
  const row = await loadPromotion(ctx, input.id);
  const restored = await restoreSnapped(ctx.trx, ctx.principal.tenantId, row.id, ctx.now, input.leadIds);
  await ctx.audit({
    targetType: 'promotion',
    targetId: row.id,
    before: null,
    after: { restored: restored.map((r) => r.leadId) },
  });
  return { promotionId: row.id, restored };
};
