import type { Handler } from '#http/types';
import { ApiError, invalidReference } from '#http/errors';
import { resolveScope } from '#domains/pipelines/forecast';
import { resolvePeriod } from '#domains/analytics/period';
import { repPerformance } from '#domains/analytics/repPerformance';
import { allSellers, reportsOf, teamOf } from '#domains/analytics/repTeam';

/**
 * Rep performance for a period: the reps asked, else the caller's team (everyone reporting to them, transitively),
 * else for a manager with no team every seller, else the caller. Internal figures: a client-confined caller is
 * refused, and so is anyone asking about a user who is neither themself nor on their team without the right to act
 * on others' records.
 */
export const repPerformanceGet: Handler<'rep.performance.get'> = async (input, ctx) => {
  const { tenantId, userId, clientIds } = ctx.principal;
  if (clientIds !== null) throw new ApiError('forbidden', 'Rep performance is internal to the agency');
  const manages = ctx.can('ownership.override');
  const asked = input.userIds ? [...new Set(input.userIds)] : null;
  // A manager's reach covers anyone, so their reports are needed only to pick the default list.
  const needsTeam = userId !== null && input.team !== 'all' && !(asked && manages);
  const reports = needsTeam ? await reportsOf(ctx, userId) : [];
  let ids: string[];
  if (asked) {
    const reach = new Set<string | null>([userId, ...reports]);
    if (!manages && asked.some((id) => !reach.has(id)))
      throw new ApiError('forbidden', 'Only a manager may see the performance of a rep outside their team');
    ids = asked;
  } else if (input.team === 'all') {
    if (!manages) throw new ApiError('forbidden', 'Only a manager may see every seller');
    ids = await allSellers(ctx);
  } else if (manages && input.team === undefined && reports.length === 0) {
    // A manager with no team set up yet keeps the tenant-wide view.
    ids = await allSellers(ctx);
  } else {
    ids = userId ? teamOf(ctx, userId, reports) : [];
  }
  if (asked && ids.length > 0) {
    const found = new Set((await ctx.trx('users').where({ tenantId }).whereIn('id', ids).pluck('id')) as string[]);
    const missing = ids.findIndex((id) => !found.has(id));
    if (missing >= 0)
      throw invalidReference(`userIds.${missing}`, `User ${ids[missing]} does not exist in this tenant`);
  }
  const scope = await resolveScope(ctx, { clientId: input.clientId });
  return repPerformance(ctx, ids, resolvePeriod(input.period, ctx.now, 90), scope.currency, input.clientId);
};
