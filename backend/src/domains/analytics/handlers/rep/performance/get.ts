import type { roles } from '@pivotal-pm/sdk';
import type { Handler } from '#http/types';
import { ApiError, invalidReference } from '#http/errors';
import { resolveScope } from '#domains/pipelines/forecast';
import { resolvePeriod } from '#domains/analytics/period';
import { repPerformance } from '#domains/analytics/repPerformance';

const SELLING_ROLES = ['salesRep', 'salesManager'] as const satisfies readonly (typeof roles)[number][];

/**
 * Rep performance for a period: the caller's, or (for a manager) the reps asked or every seller's. Internal figures:
 * a client-confined caller is refused, and so is a rep asking about someone else.
 */
export const repPerformanceGet: Handler<'rep.performance.get'> = async (input, ctx) => {
  const { tenantId, userId, clientIds } = ctx.principal;
  if (clientIds !== null) throw new ApiError('forbidden', 'Rep performance is internal to the agency');
  const manages = ctx.can('ownership.override');
  let ids = input.userIds ? [...new Set(input.userIds)] : null;
  if (ids === null) {
    ids = manages
      ? ((await ctx
          .trx('users as u')
          .join('roleAssignments as r', function joinRoles() {
            this.on('r.tenantId', 'u.tenantId').andOn('r.userId', 'u.id');
          })
          .where({ 'u.tenantId': tenantId, 'u.active': true })
          .whereIn('r.role', SELLING_ROLES)
          .distinct('u.id')
          .pluck('u.id')) as string[])
      : userId
        ? [userId]
        : [];
  }
  if (!manages && ids.some((id) => id !== userId))
    throw new ApiError('forbidden', "Only a manager may see another rep's performance");
  if (ids.length > 0) {
    const found = new Set((await ctx.trx('users').where({ tenantId }).whereIn('id', ids).pluck('id')) as string[]);
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw invalidReference(`userIds.${missing}`, `User ${ids[missing]} does not exist in this tenant`);
  }
  const scope = await resolveScope(ctx, { clientId: input.clientId });
  return repPerformance(ctx, ids, resolvePeriod(input.period, ctx.now, 90), scope.currency, input.clientId);
};
