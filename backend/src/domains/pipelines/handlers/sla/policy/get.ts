import type { Handler } from '../../../../../http/types';
import { defaultProbability, maxIdleHours, slaPolicyOf } from '../../../stages';
import { findPipeline } from '../../pipeline/get';

/** Gets a pipeline's SLA policy and, per stage of its order, the idle limit and the default win probability. */
export const slaPolicyGet: Handler<'sla.policy.get'> = async (input, ctx) => {
  const pipeline = await findPipeline(ctx, input.pipelineId);
  return {
    pipelineId: pipeline.id,
    slaPolicy: slaPolicyOf(pipeline),
    stages: pipeline.stageOrder.map((stage) => ({
      stage,
      maxIdleHours: maxIdleHours(pipeline, stage),
      probability: defaultProbability(pipeline, stage),
    })),
    version: pipeline.version,
  };
};
