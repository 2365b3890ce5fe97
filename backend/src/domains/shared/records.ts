import type { Knex } from 'knex';
import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';

/**
 * Loads one record of the caller's tenant for update (row lock), or throws 404; checks `expectedVersion`
 * when given (409 version_conflict). Another tenant's id is invisible under RLS, so it is a 404 too.
 */
export async function loadForUpdate<R extends { version?: number }>(
  trx: Knex.Transaction,
  table: string,
  tenantId: string,
  id: string,
  what: string,
  expectedVersion?: number,
): Promise<R> {
  const row = (await trx(table).where({ tenantId, id }).forUpdate().first()) as R | undefined;
  if (!row) throw notFound(what);
  if (expectedVersion !== undefined && row.version !== expectedVersion) {
    throw new ApiError('version_conflict', `${what} is at version ${row.version}, not ${expectedVersion}`, {
      currentVersion: row.version,
    });
  }
  return row;
}

/** True when the caller may see records of this client (null = internal records, hidden from client roles). */
export function canSeeClient(ctx: OpContext, clientId: string | null): boolean {
  const scope = ctx.principal.clientIds;
  if (scope === null) return true;
  return clientId !== null && scope.includes(clientId);
}

/** Throws 404 when the caller may not see records of this client. */
export function assertClientVisible(ctx: OpContext, clientId: string | null, what: string): void {
  if (!canSeeClient(ctx, clientId)) throw notFound(what);
}

/** Restricts a query to the caller's clients (no-op for internal roles). */
export function scopeToClients<Q extends Knex.QueryBuilder>(ctx: OpContext, query: Q, column = 'clientId'): Q {
  const scope = ctx.principal.clientIds;
  if (scope !== null) query.whereIn(column, scope);
  return query;
}

/**
 * Only holders of `ownership.override` (admins and managers in the default matrix) and API keys change records
 * they do not own: others get 403 not_owner.
 */
export function assertOwnerOrManager(ctx: OpContext, ownerId: string | null, what: string): void {
  if (ctx.can('ownership.override') || ctx.principal.kind === 'apiKey') return;
  if (ownerId !== null && ownerId === ctx.principal.userId) return;
  throw new ApiError('not_owner', `Only the owner or a manager may change this ${what}`);
}
