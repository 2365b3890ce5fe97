import { z } from 'zod';
import { base, Currency, Id, JsonObject, StageKey, Version } from '../contract/common';

/** Per-stage SLA: how long an opportunity may sit idle in a stage before it is flagged. */
export const SlaPolicy = z
  .object({
    /** Stage key -> maximum idle time in hours before the SLA is breached. */
    stageMaxIdleHours: z
      .record(
        z.string(),
        z
          .number()
          .int()
          .min(1)
          .max(24 * 365),
      )
      .optional(),
    /** Default idle limit for stages without their own entry (spec example: "No activity in 3 days"). */
    defaultMaxIdleHours: z
      .number()
      .int()
      .min(1)
      .max(24 * 365)
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
  /** One row per stage of `stageOrder`: its idle limit (null: none) and default win probability. */
  stages: z.array(
    z.object({
      stage: StageKey,
      maxIdleHours: z.number().int().nullable(),
      probability: z.number().min(0).max(1).nullable(),
    }),
  ),
  version: Version,
});
export type SlaPolicyView = z.infer<typeof SlaPolicyView>;
