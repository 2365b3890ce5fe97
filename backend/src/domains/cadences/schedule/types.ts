import type { Cadence, CadenceStage, Lead, PushPreset } from '@pivotal-pm/sdk';

export type { CadenceStage };

/** The parts of a pipeline's cadence (contract `Cadence`) that the scheduling core reads. */
export type ScheduleCadence = Pick<Cadence, 'stages' | 'dayStartTime' | 'rollover'>;

/**
 * The schedule-bearing fields of a lead (contract `Lead`); `snappedPromotionId` is the lock: while set, a
 * promotion's touchpoint has replaced the lead's upcoming stage and the lead is time-locked.
 */
export type ScheduleLead = Pick<
  Lead,
  'stageKey' | 'stageStatus' | 'state' | 'nextActionAt' | 'lastActionAt' | 'lastActionSource' | 'snappedPromotionId'
>;

/** What last moved a lead's schedule (contract `LeadActionSource`). */
export type LeadActionSource = NonNullable<Lead['lastActionSource']>;

/** The push presets of the scheduling core: the contract's `PushPreset` (see `pushPreset` for their exact rules). */
export type SchedulePushPreset = PushPreset;

/** The explicit record that a forced change released a promotion's lock on a lead. */
export interface LockRelease {
  promotionId: string;
  /** ISO timestamp of the forced change. */
  at: string;
  /** The actor who forced it (null for a system job). */
  by: string | null;
}

/** How a lead-changing call treats a promotion lock: `force` moves a locked lead anyway and releases the lock. */
export interface LockOptions {
  force?: boolean;
  by?: string | null;
}

/** The lead is locked by a promotion and `force` was not set: nothing changed. */
export interface LockedResult {
  status: 'locked';
  promotionId: string;
}

/** The change does not apply to the lead in its current state (e.g. it is closed): nothing changed. */
export interface InvalidResult {
  status: 'invalid';
  reason: 'closed' | 'unknown_stage';
}

/** The lead was deliberately left alone (rollover only): nothing changed. */
export interface UnchangedResult {
  status: 'unchanged';
  reason: 'not_overdue' | 'rollover_disabled' | 'closed';
}

/** The change applied: the new lead state and, when a forced change broke a lock, the release record. */
export interface AppliedResult<L extends ScheduleLead> {
  status: 'applied';
  lead: L;
  releasedLock: LockRelease | null;
}
