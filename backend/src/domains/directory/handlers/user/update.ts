import type { Role } from '@pivotal-pm/sdk';
import { ApiError, invalidField } from '#http/errors';
import type { Handler, OpContext } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { isAbove } from '#domains/directory/reportingLine';
import { presentUser, type UserRow } from '#domains/directory/presenters';
import {
  assertUserManageable,
  invalidateAuth,
  loadUser,
  planAssignments,
  scopeUsersToClients,
  usersQuery,
  writeAssignments,
} from '#domains/directory/users';

/** Changes a person's name, roles, client scope, time zone, manager or active state. */
export const userUpdate: Handler<'user.update'> = async (input, ctx) => {
  const { trx, now } = ctx;
  const tenantId = ctx.principal.tenantId;
  await loadForUpdate(trx, 'users', tenantId, input.id, 'User', input.expectedVersion);
  const current = await loadUser(trx, tenantId, input.id);
  assertUserManageable(ctx, current);
  const before = presentUser(current);

  const accessChange = input.roles !== undefined || input.clientIds !== undefined;
  const roles: Role[] = input.roles ?? before.roles;
  // Roles without client roles drop the client scope unless the caller gives one (then it is a 400).
  const keepsClients = roles.some((r) => r === 'clientViewer' || r === 'clientApprover');
  const clientIds = input.clientIds !== undefined ? input.clientIds : keepsClients ? before.clientIds : null;
  const active = input.active ?? current.active;
  const wasAdmin = before.roles.includes('admin');
  const isAdmin = roles.includes('admin');
  if ((wasAdmin || isAdmin) && (accessChange || active !== current.active) && !ctx.principal.roles.includes('admin')) {
    throw new ApiError('forbidden', 'Only an admin may change the roles or active state of an admin');
  }
  if (wasAdmin && current.active && (!isAdmin || !active)) await assertAnotherAdmin(ctx, current);
  const assignments = accessChange ? await planAssignments(ctx, roles, clientIds) : undefined;
  if (input.managerId) await assertManager(ctx, input.id, input.managerId);

  await trx('users')
    .where({ tenantId, id: input.id })
    .update({
      displayName: input.displayName ?? current.displayName,
      timeZone: input.timeZone ?? current.timeZone,
      managerId: input.managerId !== undefined ? input.managerId : current.managerId,
      active,
      version: current.version + 1,
      updatedAt: now,
    });
  if (assignments) await writeAssignments(ctx, input.id, assignments);
  const after = presentUser(await loadUser(trx, tenantId, input.id));
  if (assignments || active !== current.active) invalidateAuth(ctx);
  await ctx.audit({ targetType: 'user', targetId: input.id, before, after });
  return after;
};

/**
 * The manager must be another user of the tenant the caller can see (422 otherwise) and must not report, directly or
 * through others, to the user (a cycle would make "the team" endless: 409).
 */
async function assertManager(ctx: OpContext, userId: string, managerId: string): Promise<void> {
  const tenantId = ctx.principal.tenantId;
  if (managerId === userId) throw invalidField('managerId', 'a user cannot be their own manager');
  const visible = await scopeUsersToClients(ctx, usersQuery(ctx.trx, tenantId)).where('u.id', managerId).first('u.id');
  if (!visible)
    throw new ApiError('reference_invalid', 'managerId is not a user of this tenant', { field: 'managerId' });
  if (await isAbove(ctx.trx, tenantId, userId, managerId))
    throw new ApiError('invalid_state', 'managerId reports to this user: managers cannot form a cycle', {
      field: 'managerId',
    });
}

/** 409 when `user` is the tenant's last active admin (the other admins' rows are locked meanwhile). */
async function assertAnotherAdmin(ctx: OpContext, user: UserRow): Promise<void> {
  const others = await ctx
    .trx('users as u')
    .where('u.tenantId', ctx.principal.tenantId)
    .where('u.active', true)
    .whereNot('u.id', user.id)
    .whereExists((q) =>
      q
        .select(ctx.trx.raw('1'))
        .from('roleAssignments as r')
        .whereRaw('r.tenant_id = u.tenant_id and r.user_id = u.id')
        .where('r.role', 'admin'),
    )
    .forUpdate()
    .select('u.id');
  if (others.length === 0) {
    throw new ApiError('invalid_state', 'This is the last active admin of the tenant: make someone else admin first');
  }
}
