import type { SlaPolicy } from '../schemas/pipeline';

/** What the stage rules read of a pipeline: its ordered stages and its SLA policy. */
export type StagedPipeline = { stageOrder: readonly string[]; slaPolicy: SlaPolicy };

const WON = /^closed[-_]?won$/i;
const LOST = /^closed[-_]?lost$/i;

/** Terminal stages close an opportunity: any stage key starting with `closed` (closedWon, closedLost...). */
export function isTerminalStage(stage: string): boolean {
  return /^closed/i.test(stage);
}

/** True for a won stage key (closedWon, closed_won, closed-won, any case). */
export function isWonStage(stage: string): boolean {
  return WON.test(stage);
}

/** True for a lost stage key (closedLost, closed_lost, closed-lost, any case). */
export function isLostStage(stage: string): boolean {
  return LOST.test(stage);
}

/** The stage `opportunity.win` moves to (the first won stage of the order), or null when the pipeline has none. */
export function wonStage(stageOrder: readonly string[]): string | null {
  return stageOrder.find(isWonStage) ?? null;
}

/** The stage `opportunity.lose` moves to (the first lost stage of the order), or null when the pipeline has none. */
export function lostStage(stageOrder: readonly string[]): string | null {
  return stageOrder.find(isLostStage) ?? null;
}

/**
 * The default win probability of a stage: the SLA policy's `stageProbability`, else 1 for the won stage, 0 for
 * other terminal stages, and for open stages their position among the open stages: (i + 1) / (n + 1), 2 decimals.
 */
export function defaultProbability(pipeline: StagedPipeline, stage: string): number {
  const explicit = pipeline.slaPolicy.stageProbability?.[stage];
  if (explicit !== undefined) return explicit;
  if (isTerminalStage(stage)) return stage === wonStage(pipeline.stageOrder) ? 1 : 0;
  const open = pipeline.stageOrder.filter((s) => !isTerminalStage(s));
  const index = open.indexOf(stage);
  return Math.round(((index + 1) / (open.length + 1)) * 100) / 100;
}

/** The idle limit (hours) of a stage: its own entry, else the default for open stages; null when none. */
export function maxIdleHours(policy: SlaPolicy, stage: string): number | null {
  const own = policy.stageMaxIdleHours?.[stage];
  if (own !== undefined) return own;
  return isTerminalStage(stage) ? null : (policy.defaultMaxIdleHours ?? null);
}

/** The time-in-stage limit (hours) of a stage: its own entry, else the default for open stages; null when none. */
export function maxStageHours(policy: SlaPolicy, stage: string): number | null {
  const own = policy.stageMaxStageHours?.[stage];
  if (own !== undefined) return own;
  return isTerminalStage(stage) ? null : (policy.defaultMaxStageHours ?? null);
}

/** Hours after a breach with no activity before the owner's manager is told (the policy's, else 24). */
export function escalateAfterHours(policy: SlaPolicy): number {
  return policy.escalateAfterHours ?? 24;
}

/** Where an open opportunity stands against its stage's idle limit. */
export type SlaState = 'ok' | 'at_risk' | 'breached';

/** Share of the idle limit after which an opportunity is at risk. */
export const SLA_AT_RISK_SHARE = 0.75;

/**
 * The SLA state of an opportunity idle since `lastTouch` (its last activity, else its entry into the stage):
 * breached past the stage's idle limit, at risk past SLA_AT_RISK_SHARE of it, null when its stage has none
 * (terminal stages never do). The board's cue, the Outlook pane and the bot read this one rule.
 */
export function slaState(policy: SlaPolicy, stage: string, lastTouch: Date, now: Date): SlaState | null {
  const limit = maxIdleHours(policy, stage);
  if (limit === null) return null;
  const idleHours = (now.getTime() - lastTouch.getTime()) / 3_600_000;
  if (idleHours > limit) return 'breached';
  return idleHours > limit * SLA_AT_RISK_SHARE ? 'at_risk' : 'ok';
}
