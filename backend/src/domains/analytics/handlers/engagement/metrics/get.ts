import type { Handler } from '#http/types';
import { invalidReference } from '#http/errors';
import { assertClient } from '#domains/pipelines/references';
import { engagementMetrics } from '#domains/analytics/engagementMetrics';
import { resolvePeriod } from '#domains/analytics/period';

/** Engagement analytics for a period: human beside raw opens and clicks, replies, connect and meeting-set rates. */
export const engagementMetricsGet: Handler<'engagement.metrics.get'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  for (const [table, field, id] of [
    ['pipelines', 'pipelineId', input.pipelineId],
    ['sequences', 'sequenceId', input.sequenceId],
    ['users', 'ownerId', input.ownerId],
  ] as const) {
    if (id && !(await ctx.trx(table).where({ tenantId, id }).first('id')))
      throw invalidReference(field, `${id} does not exist in this tenant`);
  }
  if (input.clientId) await assertClient(ctx, input.clientId, 'clientId');
  return engagementMetrics(ctx, resolvePeriod(input.period, ctx.now, 90), input);
};
