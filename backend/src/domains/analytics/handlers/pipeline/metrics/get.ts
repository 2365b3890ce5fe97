import type { Handler } from '#http/types';
import { notFound } from '#http/errors';
import { resolveScope } from '#domains/pipelines/forecast';
import type { PipelineRow } from '#domains/pipelines/rows';
import { pipelineMetrics } from '#domains/analytics/pipelineMetrics';
import { resolvePeriod } from '#domains/analytics/period';

/** Pipeline analytics for a period (default: the last 90 days), narrowed by owner, client or project. */
export const pipelineMetricsGet: Handler<'pipeline.metrics.get'> = async (input, ctx) => {
  const pipeline = (await ctx
    .trx('pipelines')
    .where({ tenantId: ctx.principal.tenantId, id: input.pipelineId })
    .first()) as PipelineRow | undefined;
  if (!pipeline) throw notFound('pipeline');
  const scope = await resolveScope(ctx, {
    pipelineId: pipeline.id,
    ownerId: input.ownerId,
    clientId: input.clientId,
    projectId: input.projectId,
  });
  return pipelineMetrics(ctx, { ...scope, pipeline }, resolvePeriod(input.period, ctx.now, 90));
};
