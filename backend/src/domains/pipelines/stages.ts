import { SlaPolicy } from '@pivotal-pm/sdk';
import type { z } from 'zod';
import { ApiError } from '../../http/errors';
import type { PipelineRow } from './rows';

/** A pipeline's SLA policy as the contract defines it (an unreadable stored policy counts as empty). */
export function slaPolicyOf(pipeline: Pick<PipelineRow, 'slaPolicy'>): z.output<typeof SlaPolicy> {
  const parsed = SlaPolicy.safeParse(pipeline.slaPolicy ?? {});
  return parsed.success ? parsed.data : {};
}

/** Terminal stages close an opportunity: any stage key starting with `closed` (closedWon, closedLost...). */
export function isTerminalStage(stage: string): boolean {
  return /^closed/i.test(stage);
}

/** The stage `opportunity.win` moves to (closedWon style), or null when the pipeline has none. */
export function wonStage(stageOrder: readonly string[]): string | null {
  return stageOrder.find((s) => /^closed[-_]?won$/i.test(s)) ?? null;
}

/** The stage `opportunity.lose` moves to (closedLost style), or null when the pipeline has none. */
export function lostStage(stageOrder: readonly string[]): string | null {
  return stageOrder.find((s) => /^closed[-_]?lost$/i.test(s)) ?? null;
}

/** The probability the SLA policy sets for a stage, if it sets one. */
export function policyProbability(pipeline: Pick<PipelineRow, 'slaPolicy'>, stage: string): number | undefined {
  return slaPolicyOf(pipeline).stageProbability?.[stage];
}

/**
 * The default win probability of a stage: the SLA policy's `stageProbability`, else 1 for a won stage, 0 for
 * other terminal stages, and for open stages their position among the open stages: (i + 1) / (n + 1).
 */
export function defaultProbability(pipeline: Pick<PipelineRow, 'slaPolicy' | 'stageOrder'>, stage: string): number {
  const explicit = policyProbability(pipeline, stage);
  if (explicit !== undefined) return explicit;
  if (isTerminalStage(stage)) return stage === wonStage(pipeline.stageOrder) ? 1 : 0;
  const open = pipeline.stageOrder.filter((s) => !isTerminalStage(s));
  const index = open.indexOf(stage);
  return Math.round(((index + 1) / (open.length + 1)) * 100) / 100;
}

/** The idle limit (hours) of a stage: its own entry, else the default for open stages; null when none. */
export function maxIdleHours(pipeline: Pick<PipelineRow, 'slaPolicy'>, stage: string): number | null {
  const policy = slaPolicyOf(pipeline);
  const own = policy.stageMaxIdleHours?.[stage];
  if (own !== undefined) return own;
  return isTerminalStage(stage) ? null : (policy.defaultMaxIdleHours ?? null);
}

/** Throws 400 when the SLA policy names a stage that is not in `stageOrder` (path `slaPolicy.<map>.<stage>`). */
export function assertPolicyStages(policy: Record<string, unknown>, stageOrder: readonly string[], root = 'slaPolicy'): void {
  for (const map of ['stageMaxIdleHours', 'stageProbability'] as const) {
    const entries = policy[map];
    if (!entries || typeof entries !== 'object') continue;
    const unknown = Object.keys(entries).find((stage) => !stageOrder.includes(stage));
    if (unknown !== undefined) {
      const path = `${root}.${map}.${unknown}`;
      throw new ApiError('validation_failed', `Invalid input at ${path}: not a stage of stageOrder`, {
        issues: [{ path, message: 'not a stage of stageOrder', code: 'unknown_stage' }],
      });
    }
  }
}
