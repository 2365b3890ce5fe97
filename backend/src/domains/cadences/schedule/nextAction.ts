import { addDays, atLocalTime, localDate } from './localTime';
import type { CadenceStage, ScheduleCadence } from './types';

/** The position of a stage in the cadence, or -1 when the cadence has no stage with that key. */
export function stageIndex(cadence: Pick<ScheduleCadence, 'stages'>, stageKey: string): number {
  return cadence.stages.findIndex((stage) => stage.key === stageKey);
}

/** The cadence stage with that key, throwing a RangeError when there is none. */
export function stageOf(cadence: Pick<ScheduleCadence, 'stages'>, stageKey: string): CadenceStage {
  const stage = cadence.stages[stageIndex(cadence, stageKey)];
  if (!stage) throw new RangeError(`the cadence has no stage ${stageKey}`);
  return stage;
}

/**
 * The instant `days` calendar days after the local date of `from` (in `timeZone`), at the cadence's
 * `dayStartTime`; DST gaps and overlaps follow `atLocalTime`.
 */
export function dayStartAfter(
  from: Date,
  days: number,
  cadence: Pick<ScheduleCadence, 'dayStartTime'>,
  timeZone: string,
): Date {
  return atLocalTime(addDays(localDate(from, timeZone), days), cadence.dayStartTime, timeZone);
}

/**
 * When a lead that completed `fromStage` at `completedAt` next falls due at `toStage`.
 *
 * Rules: the delta is `toStage.offsetDays - fromStage.offsetDays` calendar days, counted from the local date
 * of the actual completion in the tenant's `timeZone` (late completion shifts the schedule, as in the audit);
 * the result is that date at `dayStartTime` (DST gap: the first valid instant after it; overlap: the earlier
 * occurrence). A delta of 0 (stages with equal offsets) means due immediately: the result is `completedAt`.
 * Throws a RangeError for unknown stages or when `toStage` has a smaller offset than `fromStage`.
 */
export function nextActionAt(
  completedAt: Date,
  fromStage: string,
  toStage: string,
  cadence: Pick<ScheduleCadence, 'stages' | 'dayStartTime'>,
  timeZone: string,
): Date {
  const delta = stageOf(cadence, toStage).offsetDays - stageOf(cadence, fromStage).offsetDays;
  if (delta < 0) throw new RangeError(`stage ${toStage} comes before stage ${fromStage}`);
  if (delta === 0) return new Date(completedAt.getTime());
  return dayStartAfter(completedAt, delta, cadence, timeZone);
}

/**
 * When a lead created at `createdAt` on `stage` first falls due: offset 0 means due now (`createdAt`);
 * otherwise the local date of creation plus the stage's `offsetDays`, at `dayStartTime` (DST rules as
 * `atLocalTime`). The offset is the stage's own offset, as in the audit (`computeInitialLeadNextActionAt`).
 */
export function initialNextActionAt(
  createdAt: Date,
  stage: string,
  cadence: Pick<ScheduleCadence, 'stages' | 'dayStartTime'>,
  timeZone: string,
): Date {
  const { offsetDays } = stageOf(cadence, stage);
  if (offsetDays === 0) return new Date(createdAt.getTime());
  return dayStartAfter(createdAt, offsetDays, cadence, timeZone);
}
