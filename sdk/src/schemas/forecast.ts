import { z } from 'zod';
import { base, Currency, DateOnly, Id, StageKey, Timestamp } from '../contract/common';

/** Forecast figures of one group; amounts are decimal strings in the forecast's currency. */
const figures = {
  /** Number of open opportunities. */
  count: z.number().int().min(0),
  /** Sum of their amounts. */
  amount: z.string(),
  /** Sum of amount x probability. */
  weighted: z.string(),
  /** Sum of amounts of open opportunities with probability >= 0.9 or the tag `commit`. */
  commit: z.string(),
};

/** The figures of one group of a forecast. */
export const ForecastFigures = z.object(figures);
export type ForecastFigures = z.infer<typeof ForecastFigures>;

/** A forecast of open opportunities: totals and rollups by stage, owner, client and project. */
export const Forecast = z.object({
  currency: Currency,
  totals: ForecastFigures,
  byStage: z.array(z.object({ stage: StageKey, ...figures })),
  byOwner: z.array(z.object({ ownerId: Id, ...figures })),
  /** `clientId` null groups internal opportunities. */
  byClient: z.array(z.object({ clientId: Id.nullable(), ...figures })),
  /** `projectId` null groups opportunities without a project. */
  byProject: z.array(z.object({ projectId: Id.nullable(), ...figures })),
});
export type Forecast = z.infer<typeof Forecast>;

/** One opportunity in a snapshot diff, with its close date then and now. */
export const ForecastDiffEntry = z.object({
  opportunityId: Id,
  name: z.string(),
  stage: StageKey,
  amount: z.string(),
  previousCloseDate: DateOnly.nullable(),
  closeDate: DateOnly.nullable(),
});
export type ForecastDiffEntry = z.infer<typeof ForecastDiffEntry>;

/**
 * What changed since the previous snapshot of the same scope: `slipped` (close date moved out of the
 * period), `pushed` (close date moved later inside the period), `new`, `won` and `lost`.
 */
export const ForecastDiff = z.object({
  slipped: z.array(ForecastDiffEntry),
  pushed: z.array(ForecastDiffEntry),
  new: z.array(ForecastDiffEntry),
  won: z.array(ForecastDiffEntry),
  lost: z.array(ForecastDiffEntry),
});
export type ForecastDiff = z.infer<typeof ForecastDiff>;

/** A frozen forecast (typically weekly) and its diff against the previous snapshot of the same scope. */
export const ForecastSnapshot = z.object({
  ...base,
  pipelineId: Id.nullable(),
  clientId: Id.nullable(),
  projectId: Id.nullable(),
  period: z.object({ from: DateOnly, to: DateOnly }),
  label: z.string().nullable(),
  takenAt: Timestamp,
  takenBy: Id.nullable(),
  previousSnapshotId: Id.nullable(),
  forecast: Forecast,
  /** Null for the first snapshot of a scope. */
  diff: ForecastDiff.nullable(),
});
export type ForecastSnapshot = z.infer<typeof ForecastSnapshot>;
