import type { Handler } from '#http/types';
import { restoreSnapped } from '#domains/cadences/promotions/restore';
import { loadPromotion } from '#domains/cadences/promotions/store';

/**
 * Deletes a promotion: every still-snapped lead is restored exactly from its snapshot, then the promotion with its
 * containers, cohort, statuses and snapshots goes. Lock releases recorded on leads stay.
 */
export const promotionDelete: Handler<'promotion.delete'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadPromotion(ctx, input.id, input.expectedVersion);
  const restored = await restoreSnapped(ctx.trx, tenantId, row.id, ctx.now);
  await ctx.trx('promotions').where({ tenantId, id: row.id }).delete();
  await ctx.audit({
    targetType: 'promotion',
    targetId: row.id,
    before: { name: row.name, version: row.version },
    after: { restored: restored.length },
  });
  return { promotionId: row.id, restored };
};
