import type { OutOfOffice } from '@pivotal-pm/sdk';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { scopeUsersToClients, usersQuery } from './users';
import { tableColumns } from '#db/tableColumns';

export type OutOfOfficeRow = {
  tenantId: string;
  id: string;
  userId: string;
  startsAt: Date;
  endsAt: Date;
  note: string;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `OutOfOfficeRow` (`user_out_of_office`). */
export const outOfOfficeColumns = tableColumns<OutOfOfficeRow>()('user_out_of_office', [
  'tenantId',
  'id',
  'userId',
  'startsAt',
  'endsAt',
  'note',
  'createdAt',
  'updatedAt',
]);

export function present(row: OutOfOfficeRow): OutOfOffice {
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
export async function targetUser(ctx: OpContext, userId: string | undefined): Promise<string> {
  const self = ctx.principal.userId;
  if (userId === undefined || userId === self) {
    if (!self) throw new ApiError('forbidden', `${ctx.operationId} needs a signed-in user or a userId`);
    return self;
  }
  const visible = await scopeUsersToClients(ctx, usersQuery(ctx.trx, ctx.principal.tenantId))
    .where('u.id', userId)
    .first('u.id');
  if (!visible) throw notFound('User');
  if (!ctx.can('user.manage'))
    throw new ApiError('forbidden', "Changing or reading another user's out-of-office needs user.manage");
  return userId;
}
