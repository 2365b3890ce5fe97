import { SlaPolicy, type StagedPipeline } from '@pivotal-pm/sdk';
import { invalidField } from '#http/errors';
import type { PipelineRow } from './rows';

/** A pipeline's SLA policy as the contract defines it (an unreadable stored policy counts as empty). */
export function slaPolicyOf(pipeline: Pick<PipelineRow, 'slaPolicy'>): SlaPolicy {
  const parsed = SlaPolicy.safeParse(pipeline.slaPolicy ?? {});
  return parsed.success ? parsed.data : {};
}

/** A pipeline row as the SDK's stage rules (`defaultProbability`...) read it: its order and its readable policy. */
export function stagedPipeline(pipeline: Pick<PipelineRow, 'slaPolicy' | 'stageOrder'>): StagedPipeline {
  return { stageOrder: pipeline.stageOrder, slaPolicy: slaPolicyOf(pipeline) };
}

/** Throws 400 when the SLA policy names a stage that is not in `stageOrder` (path `slaPolicy.<map>.<stage>`). */
export function assertPolicyStages(policy: SlaPolicy, stageOrder: readonly string[], root = 'slaPolicy'): void {
  for (const map of ['stageMaxIdleHours', 'stageMaxStageHours', 'stageProbability'] as const) {
    const entries = policy[map];
    if (!entries || typeof entries !== 'object') continue;
    const unknown = Object.keys(entries).find((stage) => !stageOrder.includes(stage));
    if (unknown !== undefined) {
      const path = `${root}.${map}.${unknown}`;
      throw invalidField(path, 'not a stage of stageOrder', 'unknown_stage');
    }
  }
}
