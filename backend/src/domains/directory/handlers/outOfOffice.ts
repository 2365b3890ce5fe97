import type { OutOfOffice } from '@pivotal-pm/sdk';
import { uuidv7 } from '../../../db/ids';
import { ApiError, notFound } from '../../../http/errors';
import type { Handler, OpContext } from '../../../http/types';
import { applyKeyset } from '../../shared/listKeyset';
import { pageOf } from '../../shared/pagination';
import { scopeUsersToClients, usersQuery } from '../users';

type OutOfOfficeRow = { tenantId: string; id: string; userId: string; startsAt: Date; endsAt: Date; note: string; createdAt: Date; updatedAt: Date };

function present(row: OutOfOfficeRow): OutOfOffice {
  return {
    id: row.id,
    tenantId: row.tenantId,
    userId: row.userId,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/**
 * The user whose out-of-office the caller acts on: themselves, or another user of the tenant (visible to the
 * caller, else 404) when the caller may manage users (else 403).
 */
async function targetUser(ctx: OpContext, userId: string | undefined): Promise<string> {
  const self = ctx.principal.userId;
  if (userId === undefined || userId === self) {
    if (!self) throw new ApiError('forbidden', `${ctx.operationId} needs a signed-in user or a userId`);
    return self;
  }
  const visible = await scopeUsersToClients(ctx, usersQuery(ctx.trx, ctx.principal.tenantId)).where('u.id', userId).first('u.id');
  if (!visible) throw notFound('User');
  if (!ctx.can('user.manage')) throw new ApiError('forbidden', "Changing or reading another user's out-of-office needs user.manage");
  return userId;
}

/** Out-of-office periods of one user by start; the ones already over only with `includePast`. */
export const outOfOfficeList: Handler<'user.outOfOffice.list'> = async (input, ctx) => {
  const userId = await targetUser(ctx, input.userId);
  const query = ctx.trx('userOutOfOffice').where({ tenantId: ctx.principal.tenantId, userId });
  if (!input.includePast) query.where('endsAt', '>', ctx.now);
  applyKeyset(query, ['starts_at', 'id'], input.cursor);
  const rows = (await query.limit(input.limit + 1)) as OutOfOfficeRow[];
  return pageOf(rows, input.limit, (r) => [r.startsAt.toISOString(), r.id], present);
};

/** Records a period a user is away; the Sequence Runner holds that user's automated email until it ends. */
export const outOfOfficeSet: Handler<'user.outOfOffice.set'> = async (input, ctx) => {
  const userId = await targetUser(ctx, input.userId);
  const [row] = (await ctx.trx('userOutOfOffice')
    .insert({ tenantId: ctx.principal.tenantId, id: uuidv7(), userId, startsAt: input.startsAt, endsAt: input.endsAt, note: input.note, createdAt: ctx.now, updatedAt: ctx.now })
    .returning('*')) as OutOfOfficeRow[];
  const dto = present(row!);
  await ctx.audit({ targetType: 'out_of_office', targetId: dto.id, after: dto });
  return dto;
};

/** Removes an out-of-office period (the caller's own, or another user's with `user.manage`). */
export const outOfOfficeRemove: Handler<'user.outOfOffice.remove'> = async (input, ctx) => {
  const existing = (await ctx.trx('userOutOfOffice').where({ tenantId: ctx.principal.tenantId, id: input.id }).first('userId')) as { userId: string } | undefined;
  if (!existing) throw notFound('Out-of-office period');
  await targetUser(ctx, existing.userId);
  const [row] = (await ctx.trx('userOutOfOffice').where({ tenantId: ctx.principal.tenantId, id: input.id }).delete().returning('*')) as OutOfOfficeRow[];
  const dto = present(row!);
  await ctx.audit({ targetType: 'out_of_office', targetId: dto.id, before: dto });
  return dto;
};
