import { applyUnlessLocked, isActive } from './lock';
import { nextActionAt, stageIndex } from './nextAction';
import type { AppliedResult, InvalidResult, LockedResult, LockOptions, ScheduleCadence, ScheduleLead } from './types';

/** A completion that advanced the lead to its next stage. */
export type AdvancedResult<L extends ScheduleLead> = AppliedResult<L> & {
  closed: false;
  stageKey: string;
  nextActionAt: Date;
};

/** A completion of the last stage: the lead is closed. */
export type ClosedResult<L extends ScheduleLead> = AppliedResult<L> & { closed: true };

/** Outcome of `completeStage`. */
export type CompleteResult<L extends ScheduleLead> = AdvancedResult<L> | ClosedResult<L> | LockedResult | InvalidResult;

/**
 * Marks the lead's current stage done at `completedAt` (the actual completion time, which anchors the next
 * action, so late completion shifts the schedule).
 *
 * Rules: only an active lead (state `open`, stage `pending`) can complete (`invalid: closed`), and its stage
 * must be in the cadence (`invalid: unknown_stage`). With a next stage: `stageKey` moves on, `stageStatus`
 * stays `pending`, `nextActionAt` comes from `nextActionAt(completedAt, current, next)`, and `lastActionAt` /
 * `lastActionSource` become `completedAt` / `done`. After the last stage: `{ closed: true }`, `nextActionAt`
 * cleared, `stageStatus: completed`, state `open` becomes `drop_out` (the audit's behaviour). A lead locked by
 * a promotion is left alone unless `force` is set (then the lock is released and recorded).
 */
export function completeStage<L extends ScheduleLead>(
  lead: L,
  completedAt: Date,
  cadence: Pick<ScheduleCadence, 'stages' | 'dayStartTime'>,
  timeZone: string,
  options: LockOptions = {},
): CompleteResult<L> {
  if (!isActive(lead)) return { status: 'invalid', reason: 'closed' };
  const index = stageIndex(cadence, lead.stageKey);
  if (index < 0) return { status: 'invalid', reason: 'unknown_stage' };
  const at = completedAt.toISOString();
  const next = cadence.stages[index + 1];
  if (!next) {
    const result = applyUnlessLocked(lead, completedAt, options, (l) => ({
      ...l,
      stageStatus: 'completed' as const,
      state: l.state === 'open' ? ('drop_out' as const) : l.state,
      nextActionAt: null,
      lastActionAt: at,
      lastActionSource: 'done' as const,
    }));
    return result.status === 'locked' ? result : { ...result, closed: true };
  }
  const due = nextActionAt(completedAt, lead.stageKey, next.key, cadence, timeZone);
  const result = applyUnlessLocked(lead, completedAt, options, (l) => ({
    ...l,
    stageKey: next.key,
    stageStatus: 'pending' as const,
    nextActionAt: due.toISOString(),
    lastActionAt: at,
    lastActionSource: 'done' as const,
  }));
  return result.status === 'locked' ? result : { ...result, closed: false, stageKey: next.key, nextActionAt: due };
}
