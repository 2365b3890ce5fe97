import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { type OutOfOfficeRow, present, targetUser } from '#domains/directory/outOfOffice';

/** Removes an out-of-office period (the caller's own, or another user's with `user.manage`). */
export const userOutOfOfficeRemove: Handler<'user.outOfOffice.remove'> = async (input, ctx) => {
  const existing = (await ctx
    .trx('userOutOfOffice')
    .where({ tenantId: ctx.principal.tenantId, id: input.id })
    .first('userId')) as { userId: string } | undefined;
  if (!existing) throw notFound('Out-of-office period');
  await targetUser(ctx, existing.userId);
  const [row] = (await ctx
    .trx('userOutOfOffice')
    .where({ tenantId: ctx.principal.tenantId, id: input.id })
    .delete()
    .returning('*')) as OutOfOfficeRow[];
  const dto = present(row!);
  await ctx.audit({ targetType: 'out_of_office', targetId: dto.id, before: dto });
  return dto;
};
