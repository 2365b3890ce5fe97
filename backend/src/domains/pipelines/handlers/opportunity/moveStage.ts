import { isTerminalStage } from '@pivotal-pm/sdk';
import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import {
  auditChange,
  emitStageChanged,
  loadForChange,
  lockPipeline,
  pipelineArchived,
  saveOpportunity,
  stageNotInPipeline,
} from '#domains/pipelines/opportunities';
import { presentOpportunity } from '#domains/pipelines/presenters';
import { slaPolicyOf } from '#domains/pipelines/stages';

/**
 * Moves an open opportunity to another stage of its pipeline's order. Moving to the current stage is a no-op
 * (no event); terminal stages (closed*) are reached only through opportunity.win / opportunity.lose.
 */
export const opportunityMoveStage: Handler<'opportunity.moveStage'> = async (input, ctx) => {
  const row = await loadForChange(ctx, input.id, input.expectedVersion);
  const pipeline = await lockPipeline(ctx, row.pipelineId);
  if (!pipeline) throw new ApiError('invalid_state', "The opportunity's pipeline is not visible");
  if (!pipeline.active) throw pipelineArchived();
  if (!pipeline.stageOrder.includes(input.stage)) throw stageNotInPipeline(input.stage, pipeline);
  if (input.stage === row.stage) return presentOpportunity(row);
  if (isTerminalStage(input.stage)) {
    throw new ApiError(
      'invalid_state',
      `Stage ${input.stage} closes the opportunity: use opportunity.win or opportunity.lose`,
      { stage: input.stage },
    );
  }
  const saved = await saveOpportunity(ctx, row, {
    stage: input.stage,
    stageEnteredAt: ctx.now,
    probability: slaPolicyOf(pipeline).stageProbability?.[input.stage] ?? row.probability,
  });
  const dto = await auditChange(ctx, row, saved);
  await emitStageChanged(ctx, row.stage, dto);
  return dto;
};
