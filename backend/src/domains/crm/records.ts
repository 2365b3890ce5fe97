import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import { assertClientReferences, referenceInvalid } from '#domains/shared/referenceChecks';
import type { AccountRow, ContactRow } from './presenters';

type LoadOptions = { forUpdate?: boolean; expectedVersion?: number | undefined };

/**
 * Loads a record of the caller's tenant that the caller may see, or throws 404 (accounts and contacts have
 * no RLS client policy: client scope is checked here). Merged contacts are gone (404). With `forUpdate` the
 * row is locked and `expectedVersion` checked (409 version_conflict).
 */
async function load<R extends { clientId: string | null; version: number }>(
  ctx: OpContext,
  table: string,
  what: string,
  id: string,
  options: LoadOptions,
): Promise<R> {
  const query = ctx.trx(table).where({ tenantId: ctx.principal.tenantId, id });
  if (table === 'contacts') query.whereNull('mergedIntoId');
  if (options.forUpdate) query.forUpdate();
  const row = (await query.first()) as R | undefined;
  if (!row || !canSeeClient(ctx, row.clientId)) throw notFound(what);
  if (options.expectedVersion !== undefined && row.version !== options.expectedVersion) {
    throw new ApiError('version_conflict', `${what} is at version ${row.version}, not ${options.expectedVersion}`, {
      currentVersion: row.version,
    });
  }
  return row;
}

export const loadAccount = (ctx: OpContext, id: string, options: LoadOptions = {}) =>
  load<AccountRow>(ctx, 'accounts', 'Account', id, options);
export const loadContact = (ctx: OpContext, id: string, options: LoadOptions = {}) =>
  load<ContactRow>(ctx, 'contacts', 'Contact', id, options);

/** The account a write points at: it must exist and be visible to the caller, else 422 on `path`. */
export async function accountReference(ctx: OpContext, accountId: string, path: string): Promise<AccountRow> {
  try {
    return await loadAccount(ctx, accountId);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'not_found') throw referenceInvalid(path, 'no such account');
    throw err;
  }
}

/**
 * Checks the client a record is written for: an active client the caller may see (422), and a client-confined
 * caller may not write internal records (clientId null: 403).
 */
export async function checkRecordClient(ctx: OpContext, clientId: string | null, path: string): Promise<void> {
  if (clientId === null) {
    if (ctx.principal.clientIds !== null)
      throw new ApiError('forbidden', 'A client-confined caller may only write records of its clients');
    return;
  }
  await assertClientReferences(ctx, [clientId], path);
}

/** 409 when another live contact of the same client (or of the agency) already has this e-mail. */
export async function assertEmailFree(
  ctx: OpContext,
  email: string | null,
  clientId: string | null,
  exceptId?: string,
): Promise<void> {
  if (email === null) return;
  const query = ctx.trx('contacts').where({ tenantId: ctx.principal.tenantId, email }).whereNull('mergedIntoId');
  query.whereRaw('client_id is not distinct from ?::uuid', [clientId]);
  if (exceptId !== undefined) query.whereNot('id', exceptId);
  if (await query.first('id')) {
    throw new ApiError('already_exists', `A contact with e-mail ${email} already exists`, {
      issues: [{ path: 'email', message: 'already used by another contact', code: 'already_exists' }],
    });
  }
}
