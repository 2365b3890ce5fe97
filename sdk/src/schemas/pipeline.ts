import { z } from 'zod';
import { base, Currency, Id, JsonObject, StageKey, Version } from '../contract/common';

const SlaHours = z
  .number()
  .int()
  .min(1)
  .max(24 * 365);

/** How an SLA limit counts time: every day, or working days only (Monday to Friday). */
export const SlaClock = z.enum(['calendar', 'business']);
export type SlaClock = z.infer<typeof SlaClock>;

/**
 * Per-stage SLA: how long an opportunity may sit idle (no human engagement) in a stage, and how long it may stay in a
 * stage at all, before the SLA is breached. Limits are in hours of the pipeline's clock, in the tenant's time zone:
 * 72 is "3 days" (Friday 10:00 + 72 calendar hours is Monday 10:00 local time, across a DST change too; on the
 * business clock it is Wednesday 10:00). The tenant's holidays and the owner's out-of-office pause both clocks.
 */
export const SlaPolicy = z
  .object({
    /** Stage key -> maximum idle time in hours before the SLA is breached. */
    stageMaxIdleHours: z.record(z.string(), SlaHours).optional(),
    /** Default idle limit for open stages without their own entry (spec example: "No activity in 3 days" = 72). */
    defaultMaxIdleHours: SlaHours.optional(),
    /** Stage key -> maximum time in the stage in hours, whatever the activity. */
    stageMaxStageHours: z.record(z.string(), SlaHours).optional(),
    /** Default time-in-stage limit for open stages without their own entry. */
    defaultMaxStageHours: SlaHours.optional(),
    /** How limits count time (default `calendar`). */
    clock: SlaClock.optional(),
    /** Hours (real time) after a breach with no activity before the owner's manager is told; default 24. */
    escalateAfterHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .optional(),
    /** Stage key -> win probability (0..1) used by the weighted forecast when an opportunity has none. */
    stageProbability: z.record(z.string(), z.number().min(0).max(1)).optional(),
  })
  .catchall(z.unknown());
/** A pipeline's SLA policy (per-stage idle limits and default win probabilities). */
export type SlaPolicy = z.output<typeof SlaPolicy>;

/** The ordered stage keys of a pipeline: unique, at least two. */
export const StageOrder = z
  .array(StageKey)
  .min(2)
  .max(30)
  .refine((s) => new Set(s).size === s.length, 'stage keys must be unique');

/** Pipeline DTO (spec: Pipeline DTO). `clientId` null means an internal pipeline, private to internal roles. */
export const Pipeline = z.object({
  ...base,
  name: z.string(),
  ownerId: Id,
  defaultCurrency: Currency,
  stageOrder: z.array(StageKey),
  slaPolicy: SlaPolicy,
  active: z.boolean(),
  clientId: Id.nullable(),
  projectIds: z.array(Id),
  version: Version,
});
export type Pipeline = z.infer<typeof Pipeline>;

export { JsonObject };

/** A pipeline's SLA settings as `sla.policy.get` answers them: the stored policy and the per-stage effect. */
export const SlaPolicyView = z.object({
  pipelineId: Id,
  slaPolicy: SlaPolicy,
  /** One row per stage of `stageOrder`: its idle and time-in-stage limits (null: none) and default win probability. */
  stages: z.array(
    z.object({
      stage: StageKey,
      maxIdleHours: z.number().int().nullable(),
      /** The stage's time-in-stage limit in hours (null: none). */
      maxStageHours: z.number().int().nullable(),
      probability: z.number().min(0).max(1).nullable(),
    }),
  ),
  /** The clock the limits count on, and the escalation delay, with their defaults applied. */
  clock: SlaClock,
  escalateAfterHours: z.number().int(),
  version: Version,
});
export type SlaPolicyView = z.infer<typeof SlaPolicyView>;
