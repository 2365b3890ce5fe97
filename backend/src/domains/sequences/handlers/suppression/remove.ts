import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { presentSuppression } from '#domains/sequences/presenters';
import type { SuppressionRow } from '#domains/sequences/rows';

/** Removes an entry from the suppression list (an opted-out contact stays opted out). */
export const suppressionRemove: Handler<'suppression.remove'> = async (input, ctx) => {
  const [row] = (await ctx
    .trx('suppressions')
    .where({ tenantId: ctx.principal.tenantId, id: input.id })
    .delete()
    .returning('*')) as SuppressionRow[];
  if (!row) throw notFound('Suppression');
  const dto = presentSuppression(row);
  await ctx.audit({ targetType: 'suppression', targetId: dto.id, before: dto });
  return dto;
};
