import { z } from 'zod';
import { base, Id, StageKey, Timestamp, TimeOfDay, TimeZone, Version } from '../contract/common';

/** One stage of a lead cadence: its key and its offset in days from the lead's start. */
export const CadenceStage = z.object({
  key: StageKey,
  label: z.string().min(1).max(100),
  offsetDays: z.number().int().min(0).max(365),
});
export type CadenceStage = z.infer<typeof CadenceStage>;

/** The default cadence (the audit's defaults): offsets 0, 2, 7, 15 and 30 days. */
export const defaultCadenceStages: CadenceStage[] = [0, 2, 7, 15, 30].map((offsetDays, i) => ({
  key: `touch${i + 1}`,
  label: `Touch ${i + 1} (day ${offsetDays})`,
  offsetDays,
}));

/** Cadence stages: unique keys, offsets not decreasing. */
export const CadenceStages = z
  .array(CadenceStage)
  .min(1)
  .max(30)
  .refine((s) => new Set(s.map((x) => x.key)).size === s.length, 'stage keys must be unique')
  .refine(
    (s) => s.every((x, i) => i === 0 || x.offsetDays >= (s[i - 1]?.offsetDays ?? 0)),
    'offsets must not decrease',
  );

/** A pipeline's lead cadence: stage offsets and the local time of day actions fall due. */
export const Cadence = z.object({
  ...base,
  pipelineId: Id,
  stages: z.array(CadenceStage),
  /** Local time (in `timeZone`) at which computed next actions fall due, `HH:mm`. */
  dayStartTime: TimeOfDay,
  timeZone: TimeZone,
  /** Whether the nightly rollover pushes overdue, unlocked leads to the next day start. */
  rollover: z.boolean(),
  version: Version,
});
export type Cadence = z.infer<typeof Cadence>;

/** Lifecycle of a lead. */
export const LeadState = z.enum(['open', 'converted', 'drop_out', 'closed']);
/** What last moved a lead's schedule. */
export const LeadActionSource = z.enum([
  'create',
  'done',
  'push',
  'reschedule',
  'rollover',
  'edit',
  'promotion_touchpoint',
  'promotion_restore',
]);

/** A lead worked through a cadence; it stores its stage and an absolute `nextActionAt`. */
export const Lead = z.object({
  ...base,
  pipelineId: Id,
  contactId: Id.nullable(),
  accountId: Id.nullable(),
  opportunityId: Id.nullable(),
  ownerId: Id,
  name: z.string(),
  stageKey: StageKey,
  stageStatus: z.enum(['pending', 'completed']),
  state: LeadState,
  nextActionAt: Timestamp.nullable(),
  lastActionAt: Timestamp.nullable(),
  lastActionSource: LeadActionSource.nullable(),
  /** The promotion whose touchpoint replaced this lead's upcoming stage: while set, the lead is time-locked. */
  snappedPromotionId: Id.nullable(),
  version: Version,
});
export type Lead = z.infer<typeof Lead>;

/**
 * Push presets for a due lead: `laterToday` (3 hours later, or tomorrow morning past 18:00 local),
 * `tomorrowMorning` (the next day at the day start), `nextWeek` (next Monday at the day start).
 */
export const PushPreset = z.enum(['laterToday', 'tomorrowMorning', 'nextWeek']);
export type PushPreset = z.infer<typeof PushPreset>;

/** The explicit record that a forced change released a promotion's lock on a lead. */
export const LockRelease = z.object({
  promotionId: Id,
  /** The operation that forced the change (e.g. `lead.push`). */
  operation: z.string(),
  at: Timestamp,
  /** The acting user (null for a system job or an API key). */
  by: Id.nullable(),
});
export type LockRelease = z.infer<typeof LockRelease>;

/** A lead with the explicit releases of promotion locks recorded on it, newest first. */
export const LeadDetail = Lead.extend({ lockReleases: z.array(LockRelease) });
export type LeadDetail = z.infer<typeof LeadDetail>;

/** A touchpoint of a promotion: one time-locked container for the whole cohort. */
export const Touchpoint = z.object({
  id: Id,
  name: z.string(),
  /** Changed only by `promotion.update`, which updates everything derived from it. */
  scheduledAt: Timestamp,
  channel: z.enum(['email', 'call', 'linkedin', 'task', 'other']),
  templateId: z.string().nullable(),
  notes: z.string().nullable(),
});
export type Touchpoint = z.infer<typeof Touchpoint>;

/** A touchpoint as written by the caller (its date is time-locked once saved). */
export const TouchpointInput = z.object({
  name: z.string().trim().min(1).max(200),
  scheduledAt: Timestamp,
  channel: z.enum(['email', 'call', 'linkedin', 'task', 'other']).default('email'),
  templateId: z.string().min(1).max(100).optional(),
  notes: z.string().max(2000).optional(),
});

/** The largest cohort a promotion holds. */
export const MAX_COHORT = 20_000;

/** Status of one lead at one touchpoint. */
export const TouchpointState = z.enum(['open', 'done', 'skipped']);

/** Per-lead status of a touchpoint, kept apart from the (time-locked) schedule. */
export const TouchpointStatus = z.object({
  promotionId: Id,
  touchpointId: Id,
  leadId: Id,
  status: TouchpointState,
  completedAt: Timestamp.nullable(),
  actorId: Id.nullable(),
});
export type TouchpointStatus = z.infer<typeof TouchpointStatus>;

/** How a lead came into the cohort. */
export const CohortSource = z.enum(['manual', 'filter', 'snap_active']);

/** A promotion: dated touchpoints over a persisted cohort snapshot, which may snap onto leads' stages. */
export const Promotion = z.object({
  ...base,
  pipelineId: Id,
  name: z.string(),
  status: z.enum(['active', 'expired']),
  endDate: Timestamp,
  touchpoints: z.array(Touchpoint),
  cohort: z.object({
    leadIds: z.array(Id),
    /** Lead id -> how it was selected. */
    sources: z.record(z.string(), z.array(CohortSource)),
    takenAt: Timestamp,
  }),
  /** A touchpoint snaps onto a lead's upcoming stage due within this many days of it. */
  snapWindowDays: z.number().int().min(0).max(30),
  /** Leads whose stage a touchpoint replaced (each with an immutable pre-promotion snapshot). */
  snappedLeadIds: z.array(Id),
  /** Per touchpoint: how many cohort leads are open, done or skipped. */
  progress: z.array(
    z.object({ touchpointId: Id, open: z.number().int(), done: z.number().int(), skipped: z.number().int() }),
  ),
  version: Version,
});
export type Promotion = z.infer<typeof Promotion>;

/** One lead a promotion would snap (or has snapped): which stage its touchpoint replaces. */
export const SnapMatch = z.object({
  leadId: Id,
  touchpointId: Id.nullable(),
  touchpointAt: Timestamp,
  replacedStageKey: StageKey,
  stageDueAt: Timestamp,
});

/** Which leads a promotion would snap before it is saved, and why the others would not. */
export const PromotionPreview = z.object({
  snaps: z.array(SnapMatch),
  notSnapped: z.array(
    z.object({
      leadId: Id,
      reason: z.enum(['no_stage_in_window', 'locked_by_other_promotion', 'closed', 'not_found']),
    }),
  ),
});
export type PromotionPreview = z.infer<typeof PromotionPreview>;

/** The outcome of a restore: each lead back at its exact pre-promotion stage and next action. */
export const RestoreResult = z.object({
  promotionId: Id,
  restored: z.array(z.object({ leadId: Id, stageKey: StageKey, nextActionAt: Timestamp.nullable() })),
});
export type RestoreResult = z.infer<typeof RestoreResult>;
