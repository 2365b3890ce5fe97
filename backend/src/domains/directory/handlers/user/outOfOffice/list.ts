import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { type OutOfOfficeRow, present, targetUser } from '#domains/directory/outOfOffice';

/** Out-of-office periods of one user by start; the ones already over only with `includePast`. */
export const userOutOfOfficeList: Handler<'user.outOfOffice.list'> = async (input, ctx) => {
  const userId = await targetUser(ctx, input.userId);
  const query = ctx.trx('userOutOfOffice').where({ tenantId: ctx.principal.tenantId, userId });
  if (!input.includePast) query.where('endsAt', '>', ctx.now);
  applyKeyset(query, { starts_at: 'timestamp', id: 'uuid' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as OutOfOfficeRow[];
  return pageOf(rows, input.limit, (r) => [r.startsAt.toISOString(), r.id], present);
};
