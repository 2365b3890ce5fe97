import { clientRoles, isClientConfined, type Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { ApiError, invalidField, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { assertClientReferences } from '#domains/shared/referenceChecks';
import type { AssignmentRow, UserRow } from './presenters';

const assignmentsSql = `coalesce((select json_agg(json_build_object('role', r.role, 'clientId', r.client_id)
    order by r.role, r.client_id)
  from role_assignments r where r.tenant_id = u.tenant_id and r.user_id = u.id), '[]'::json) as assignments`;

/** `users u` of the caller's tenant, each row with its role assignments (`UserRow`). */
export function usersQuery(trx: Knex.Transaction, tenantId: string): Knex.QueryBuilder {
  return trx('users as u').where('u.tenantId', tenantId).select('u.*', trx.raw(assignmentsSql));
}

/**
 * A client-confined caller (an API key scoped to some clients) sees only the users holding a role on one of
 * its clients; the others are invisible (absent from lists, 404 on get). Others see every user of the tenant.
 */
export function scopeUsersToClients(ctx: OpContext, query: Knex.QueryBuilder): Knex.QueryBuilder {
  const scope = ctx.principal.clientIds;
  if (scope === null) return query;
  return query.whereExists((sub) =>
    sub
      .select(1)
      .from('roleAssignments as r')
      .whereRaw('r.tenant_id = u.tenant_id and r.user_id = u.id')
      .whereIn('r.clientId', scope),
  );
}

/** Loads one user of the tenant with its assignments, or throws 404. */
export async function loadUser(trx: Knex.Transaction, tenantId: string, id: string): Promise<UserRow> {
  const row = (await usersQuery(trx, tenantId).where('u.id', id).first()) as UserRow | undefined;
  if (!row) throw notFound('User');
  return row;
}

const isClientRole = (r: Role) => (clientRoles as readonly Role[]).includes(r);

/** A 400 on `clientIds`, the field that does not fit the roles. */
function badClientIds(message: string): ApiError {
  return invalidField('clientIds', message);
}

/**
 * Turns roles + client scope into assignment rows: tenant-wide roles get one row with clientId null,
 * client roles one row per client. Checks the clients exist (422) and that the caller may grant this:
 * only admins grant admin, and a client-confined caller grants only client roles on its own clients.
 */
export async function planAssignments(
  ctx: OpContext,
  roles: readonly Role[],
  clientIds: readonly string[] | null,
): Promise<AssignmentRow[]> {
  const wanted = [...new Set(roles)];
  const clients = [...new Set(clientIds ?? [])];
  const hasClientRole = wanted.some(isClientRole);
  if (hasClientRole && clients.length === 0)
    throw badClientIds('client roles (clientViewer, clientApprover) need at least one clientId');
  if (!hasClientRole && clients.length > 0)
    throw badClientIds('only client roles (clientViewer, clientApprover) are confined to clients');
  if (wanted.includes('admin') && !ctx.principal.roles.includes('admin')) {
    throw new ApiError('forbidden', 'Only an admin may grant the admin role');
  }
  if (ctx.principal.clientIds !== null && !isClientConfined(wanted)) {
    throw new ApiError('forbidden', 'A client-confined caller may only grant client roles');
  }
  await assertClientReferences(ctx, clients, 'clientIds');
  return wanted.flatMap((role): AssignmentRow[] =>
    isClientRole(role) ? clients.map((clientId) => ({ role, clientId })) : [{ role, clientId: null }],
  );
}

/** Replaces a user's role assignments. */
export async function writeAssignments(ctx: OpContext, userId: string, rows: readonly AssignmentRow[]): Promise<void> {
  const tenantId = ctx.principal.tenantId;
  await ctx.trx('roleAssignments').where({ tenantId, userId }).delete();
  if (rows.length === 0) return;
  await ctx
    .trx('roleAssignments')
    .insert(
      rows.map((r) => ({ tenantId, id: uuidv7(), userId, role: r.role, clientId: r.clientId, createdAt: ctx.now })),
    );
}

/** A client-confined caller manages only users confined to its own clients; others are invisible (404). */
export function assertUserManageable(ctx: OpContext, user: UserRow): void {
  const scope = ctx.principal.clientIds;
  if (scope === null) return;
  const roles = user.assignments.map((a) => a.role);
  const inScope =
    isClientConfined(roles) && user.assignments.every((a) => a.clientId !== null && scope.includes(a.clientId));
  if (!inScope) throw notFound('User');
}

/**
 * Forgets cached principals of the tenant now and again once the request transaction has committed, so a
 * request racing the commit cannot cache the old roles for long.
 */
export function invalidateAuth(ctx: OpContext): void {
  const tenantId = ctx.principal.tenantId;
  ctx.services.auth.invalidate(tenantId);
  ctx.trx.executionPromise.then(
    () => ctx.services.auth.invalidate(tenantId),
    () => undefined,
  );
}
