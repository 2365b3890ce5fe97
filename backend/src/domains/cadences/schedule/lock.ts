import type { AppliedResult, LockedResult, LockOptions, LockRelease, ScheduleLead } from './types';

/** Whether a promotion has time-locked the lead (its `snappedPromotionId` is set). */
export function isLocked(lead: Pick<ScheduleLead, 'snappedPromotionId'>): boolean {
  return lead.snappedPromotionId !== null;
}

/**
 * Applies `change` to a lead unless a promotion locks it. Locked and not forced: `{ status: 'locked' }` and
 * nothing changes. Locked and forced: the change applies, the lock is cleared (`snappedPromotionId: null`)
 * and the result carries the explicit release record `{ promotionId, at, by }`. Unlocked: the change applies
 * and `releasedLock` is null.
 */
export function applyUnlessLocked<L extends ScheduleLead>(
  lead: L,
  at: Date,
  options: LockOptions,
  change: (lead: L) => L,
): LockedResult | AppliedResult<L> {
  const promotionId = lead.snappedPromotionId;
  if (promotionId === null) return { status: 'applied', lead: change(lead), releasedLock: null };
  if (options.force !== true) return { status: 'locked', promotionId };
  const releasedLock: LockRelease = { promotionId, at: at.toISOString(), by: options.by ?? null };
  return { status: 'applied', lead: { ...change(lead), snappedPromotionId: null }, releasedLock };
}

/** Whether a lead is still worked through its cadence (open state, current stage pending). */
export function isActive(lead: Pick<ScheduleLead, 'state' | 'stageStatus'>): boolean {
  return lead.state === 'open' && lead.stageStatus === 'pending';
}
