import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';

/** `422 reference_invalid` naming the input field that points at nothing the caller may use. */
export function referenceInvalid(path: string, message: string): ApiError {
  return new ApiError('reference_invalid', `Invalid reference at ${path}: ${message}`, {
    issues: [{ path, message, code: 'reference_invalid' }],
  });
}

/** Throws 422 unless `userId` is a user of the caller's tenant. */
export async function assertUserReference(ctx: OpContext, userId: string, path: string): Promise<void> {
  const row = await ctx.trx('users').where({ tenantId: ctx.principal.tenantId, id: userId }).first('id');
  if (!row) throw referenceInvalid(path, 'no such user in this tenant');
}

/**
 * Throws 422 unless every id is a client of the caller's tenant that the caller may see (RLS hides other
 * tenants' clients and, for client-confined callers, other clients); archived ones only with `allowArchived`.
 */
export async function assertClientReferences(
  ctx: OpContext,
  clientIds: readonly string[],
  path: string,
  options: { allowArchived?: boolean } = {},
): Promise<void> {
  const wanted = [...new Set(clientIds)];
  if (wanted.length === 0) return;
  const rows = (await ctx
    .trx('clients')
    .where({ tenantId: ctx.principal.tenantId })
    .whereIn('id', wanted)
    .select('id', 'status')) as { id: string; status: string }[];
  const found = new Map(rows.map((r) => [r.id, r.status]));
  const missing = wanted.filter((id) => !found.has(id));
  if (missing.length > 0) throw referenceInvalid(path, `no such client in this tenant: ${missing.join(', ')}`);
  const archived = wanted.filter((id) => found.get(id) === 'archived');
  if (archived.length > 0 && !options.allowArchived)
    throw referenceInvalid(path, `client is archived: ${archived.join(', ')}`);
}
