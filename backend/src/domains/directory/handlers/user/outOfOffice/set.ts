import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { type OutOfOfficeRow, present, targetUser } from '#domains/directory/outOfOffice';

/** Records a period a user is away; the Sequence Runner holds that user's automated email until it ends. */
export const userOutOfOfficeSet: Handler<'user.outOfOffice.set'> = async (input, ctx) => {
  const userId = await targetUser(ctx, input.userId);
  const [row] = (await ctx
    .trx('userOutOfOffice')
    .insert({
      tenantId: ctx.principal.tenantId,
      id: uuidv7(),
      userId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      note: input.note,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as OutOfOfficeRow[];
  const dto = present(row!);
  await ctx.audit({ targetType: 'out_of_office', targetId: dto.id, after: dto });
  return dto;
};
