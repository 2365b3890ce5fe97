import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { assertOwnerOrManager } from '#domains/shared/records';
import type { CallSessionRow } from './rows';

/**
 * The call, locked for a change: 404 when the caller cannot see it (another tenant, another client), 403
 * `not_owner` unless it is the caller's call (or the caller manages ownership).
 */
export async function lockOwnCall(ctx: OpContext, id: string): Promise<CallSessionRow> {
  const row = (await ctx.trx('callSessions').where({ tenantId: ctx.principal.tenantId, id }).forUpdate().first()) as
    CallSessionRow | undefined;
  if (!row) throw notFound('Call');
  assertOwnerOrManager(ctx, row.userId, 'call');
  return row;
}

/** 409 `version_conflict` when the caller expected another version. */
export function checkCallVersion(row: CallSessionRow, expected: number | undefined): void {
  if (expected !== undefined && expected !== row.version)
    throw new ApiError('version_conflict', `Call is at version ${row.version}, not ${expected}`, {
      currentVersion: row.version,
    });
}
