import type { Handler } from '#http/types';
import { resolveScope } from '#domains/pipelines/forecast';
import { currentQuarter, resolvePeriod } from '#domains/analytics/period';
import { rollup } from '#domains/analytics/rollup';

/** Client and project rollups for agency reporting (default period: the current quarter). */
export const rollupGet: Handler<'rollup.get'> = async (input, ctx) => {
  const scope = await resolveScope(ctx, {
    clientId: input.clientId,
    projectId: input.projectId,
    currency: input.currency,
  });
  const period = resolvePeriod(input.period ?? currentQuarter(ctx.now), ctx.now, 90);
  return rollup(ctx, period, scope.currency, { clientId: input.clientId, projectId: input.projectId });
};
