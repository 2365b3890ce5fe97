import { completeStage } from './complete';
import { isActive } from './lock';
import { localDate } from './localTime';
import type { ScheduleCadence, ScheduleLead } from './types';

/** A touchpoint container as the core reads it: its id and time-locked date. */
export type ScheduleTouchpoint = { id: string; scheduledAt: string };

/** The schedule-bearing fields a pre-promotion snapshot keeps (everything a restore writes back, see `restoreSnapped`). */
export type LeadSnapshot = Pick<
  ScheduleLead,
  'stageKey' | 'stageStatus' | 'state' | 'nextActionAt' | 'lastActionAt' | 'lastActionSource'
>;

/** Which touchpoint replaces which stage of a lead, and when that stage was due. */
export type SnapMatch = { touchpointId: string; touchpointAt: string; replacedStageKey: string; stageDueAt: string };

/** Why a cohort lead is not snapped. */
export type NoSnapReason = 'no_stage_in_window' | 'locked_by_other_promotion' | 'closed';

const DAY_MS = 86_400_000;

/** Whole calendar days between the local dates of two instants in `timeZone` (absolute value). */
export function localDayDistance(a: Date, b: Date, timeZone: string): number {
  const da = localDate(a, timeZone);
  const db = localDate(b, timeZone);
  return Math.abs(Date.UTC(da.year, da.month - 1, da.day) - Date.UTC(db.year, db.month - 1, db.day)) / DAY_MS;
}

/**
 * Whether a touchpoint snaps onto the lead and which: the lead's upcoming stage is the one it waits on (its
 * `nextActionAt`; later stages are re-anchored on the actual completion, so their projected dates do not hold);
 * it snaps when a touchpoint falls within `windowDays` local calendar days of it: the closest touchpoint, the
 * earlier on a tie. A closed lead and a lead locked by another promotion never snap.
 */
export function snapMatch(
  lead: ScheduleLead,
  promotionId: string,
  touchpoints: readonly ScheduleTouchpoint[],
  windowDays: number,
  timeZone: string,
): SnapMatch | NoSnapReason {
  if (!isActive(lead)) return 'closed';
  if (lead.snappedPromotionId !== null && lead.snappedPromotionId !== promotionId) return 'locked_by_other_promotion';
  if (lead.nextActionAt === null) return 'no_stage_in_window';
  const due = new Date(lead.nextActionAt);
  let best: { tp: ScheduleTouchpoint; distance: number } | null = null;
  for (const tp of [...touchpoints].sort((a, b) => Date.parse(a.scheduledAt) - Date.parse(b.scheduledAt))) {
    const distance = localDayDistance(due, new Date(tp.scheduledAt), timeZone);
    if (distance <= windowDays && (best === null || distance < best.distance)) best = { tp, distance };
  }
  if (best === null) return 'no_stage_in_window';
  return {
    touchpointId: best.tp.id,
    touchpointAt: best.tp.scheduledAt,
    replacedStageKey: lead.stageKey,
    stageDueAt: lead.nextActionAt,
  };
}

/** A snapped lead: its replaced stage now falls due at the touchpoint, and the promotion locks it. */
export function snapLead<L extends ScheduleLead>(lead: L, match: SnapMatch, promotionId: string): L {
  return { ...lead, nextActionAt: match.touchpointAt, snappedPromotionId: promotionId };
}

/** Per-lead touchpoint statuses (absent = open) as the core reads them. */
export type ResolvedStatus = { touchpointId: string; status: 'done' | 'skipped'; completedAt: string };

/** What happens to a snapped lead once its statuses change. */
export type Resolution<L> = { kind: 'pending' } | { kind: 'advanced'; lead: L };

/**
 * A snapped lead after its touchpoint statuses changed. While a touchpoint is open: pending. Once every touchpoint is
 * done or skipped, the replaced stage counts as done, as in the audit (`reconcilePromotionLeadProgress` treats skipped
 * like done and calls `completeLeadStage` with source `promotion_touchpoint`): the lead advances, unlocked, anchored
 * at the latest done time, or at the latest skip when all were skipped. (To take a lead out of a promotion as if it
 * had never been in it, `promotion.restore` restores its snapshot exactly.)
 */
export function resolveSnap<L extends ScheduleLead>(
  lead: L,
  touchpointIds: readonly string[],
  statuses: readonly ResolvedStatus[],
  cadence: Pick<ScheduleCadence, 'stages' | 'dayStartTime'>,
  timeZone: string,
): Resolution<L> {
  const byTouchpoint = new Map(statuses.map((s) => [s.touchpointId, s]));
  if (!touchpointIds.every((id) => byTouchpoint.has(id))) return { kind: 'pending' };
  const mine = statuses.filter((s) => touchpointIds.includes(s.touchpointId));
  const done = mine.filter((s) => s.status === 'done');
  const anchor = Math.max(...(done.length > 0 ? done : mine).map((s) => Date.parse(s.completedAt)));
  return { kind: 'advanced', lead: advanceSnapped(lead, new Date(anchor), cadence, timeZone) };
}

/** Completes a snapped lead's replaced stage at `at` (as done by the promotion) and unlocks it. */
export function advanceSnapped<L extends ScheduleLead>(
  lead: L,
  at: Date,
  cadence: Pick<ScheduleCadence, 'stages' | 'dayStartTime'>,
  timeZone: string,
): L {
  const result = completeStage({ ...lead, snappedPromotionId: null }, at, cadence, timeZone);
  // An unknown stage (the cadence changed under the promotion) cannot advance: unlock it where it stands.
  if (result.status !== 'applied') return { ...lead, snappedPromotionId: null };
  return { ...result.lead, lastActionSource: 'promotion_touchpoint' };
}
