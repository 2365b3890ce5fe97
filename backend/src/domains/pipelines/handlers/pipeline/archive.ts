import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentPipeline } from '#domains/pipelines/presenters';
import type { PipelineRow } from '#domains/pipelines/rows';

/** Archives a pipeline: inactive from now on (no new opportunities, no moves); its opportunities stay readable. */
export const pipelineArchive: Handler<'pipeline.archive'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<PipelineRow>(
    ctx.trx,
    'pipelines',
    tenantId,
    input.id,
    'Pipeline',
    input.expectedVersion,
  );
  if (!row.active) throw new ApiError('pipeline_archived', 'The pipeline is already archived');
  const [saved] = (await ctx
    .trx('pipelines')
    .where({ tenantId, id: row.id })
    .update({ active: false, archivedAt: ctx.now, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as PipelineRow[];
  const pipeline = presentPipeline(saved!);
  await ctx.audit({ targetType: 'pipeline', targetId: pipeline.id, before: presentPipeline(row), after: pipeline });
  await ctx.emit(
    'pipeline.updated',
    {
      pipelineId: pipeline.id,
      clientId: pipeline.clientId,
      version: pipeline.version,
      changed: ['active'],
      active: false,
    },
    { clientId: pipeline.clientId },
  );
  return pipeline;
};
