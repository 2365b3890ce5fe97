import { defaultProbability, escalateAfterHours, maxIdleHours, maxStageHours } from '@pivotal-pm/sdk';
import type { Handler } from '#http/types';
import { stagedPipeline } from '#domains/pipelines/stages';
import { findPipeline } from '#domains/pipelines/handlers/pipeline/get';

/** Gets a pipeline's SLA policy and, per stage of its order, its limits and the default win probability. */
export const slaPolicyGet: Handler<'sla.policy.get'> = async (input, ctx) => {
  const pipeline = await findPipeline(ctx, input.pipelineId);
  const staged = stagedPipeline(pipeline);
  return {
    pipelineId: pipeline.id,
    slaPolicy: staged.slaPolicy,
    stages: pipeline.stageOrder.map((stage) => ({
      stage,
      maxIdleHours: maxIdleHours(staged.slaPolicy, stage),
      maxStageHours: maxStageHours(staged.slaPolicy, stage),
      probability: defaultProbability(staged, stage),
    })),
    clock: staged.slaPolicy.clock ?? 'calendar',
    escalateAfterHours: escalateAfterHours(staged.slaPolicy),
    version: pipeline.version,
  };
};
