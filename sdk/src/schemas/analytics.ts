import { z } from 'zod';
import { base, Currency, DateOnly, Id, StageKey, Timestamp, Version } from '../contract/common';

const rate = z.number().min(0).max(1);
const count = z.number().int().min(0);

/** Pipeline analytics: stage counts, conversion, velocity, forecasts and win/loss by reason. */
export const PipelineMetrics = z.object({
  pipelineId: Id,
  currency: Currency,
  period: z.object({ from: DateOnly, to: DateOnly }),
  stages: z.array(
    z.object({
      stage: StageKey,
      count,
      amount: z.string(),
      weighted: z.string(),
      /**
       * Of the opportunities that entered this stage in the period (`entered`), the share that later moved to a
       * later open stage or was won (`converted`); null for terminal stages and when none entered.
       */
      conversionRate: rate.nullable(),
      entered: count,
      converted: count,
      /** Days per stay, over the stays in this stage that ended in the period; null when none ended. */
      avgDaysInStage: z.number().min(0).nullable(),
      medianDaysInStage: z.number().min(0).nullable(),
    }),
  ),
  /** Sales cycle: days from creation to the win, over the opportunities won in the period. */
  velocity: z.object({
    avgDaysToClose: z.number().min(0).nullable(),
    medianDaysToClose: z.number().min(0).nullable(),
    wonPerWeek: z.number().min(0),
  }),
  weighted: z.string(),
  commit: z.string(),
  /** Closed in the period: won and lost counts, won amount, and won / (won + lost). */
  won: count,
  lost: count,
  wonAmount: z.string(),
  winRate: rate.nullable(),
  winLossByReason: z.array(
    z.object({ outcome: z.enum(['won', 'lost']), reason: z.string(), count, amount: z.string() }),
  ),
  /** Open opportunities past their stage's idle limit now; null for a client-confined caller (an internal figure). */
  slaBreaches: count.nullable(),
});
export type PipelineMetrics = z.infer<typeof PipelineMetrics>;

/** Health of one opportunity: time in stage, stage history, engagement and score. */
export const OpportunityMetrics = z.object({
  opportunityId: Id,
  daysOpen: z.number().int().min(0),
  daysInStage: z.number().int().min(0),
  stageHistory: z.array(z.object({ stage: StageKey, enteredAt: Timestamp, exitedAt: Timestamp.nullable() })),
  engagement: z.object({
    emailsOut: count,
    emailsIn: count,
    calls: count,
    meetings: count,
    contactsEngaged: count,
    lastActivityAt: Timestamp.nullable(),
  }),
  /** The health score now (computed for this answer), its factors, and its band under the tenant's thresholds. */
  score: z.number().int(),
  factors: z.array(z.object({ name: z.string(), weight: z.number(), value: z.number(), contribution: z.number() })),
  health: z.enum(['healthy', 'at_risk', 'stalled']),
  /** Past its stage's idle limit now; null for a client-confined caller (an internal figure). */
  slaBreached: z.boolean().nullable(),
});
export type OpportunityMetrics = z.infer<typeof OpportunityMetrics>;

const repFigures = {
  emailsSent: count,
  callsMade: count,
  callsConnected: count,
  tasksCompleted: count,
  tasksOverdue: count,
  meetingsBooked: count,
  /**
   * Share of the rep's opportunities open at some time in the period that had no SLA breach overlapping it (a breach
   * counts for the owner recorded on it); null with no such opportunity. The team's: the reps' counts summed.
   */
  slaAdherence: rate.nullable(),
  /** Deals the rep owns that were created in the period. */
  dealsCreated: count,
  /** Moves of the rep's deals into another stage in the period (won included; lost and a deal's first stage not). */
  dealsAdvanced: count,
  won: count,
  lost: count,
  winRate: rate.nullable(),
  wonAmount: z.string(),
  /** Amount of the deals lost in the period (in `currency`). */
  lostAmount: z.string(),
  /** Won amount / won count; null with no win. */
  averageDealSize: z.string().nullable(),
  currency: Currency,
};

/** One rep's activity and outcomes over a period. */
export const RepPerformance = z.object({ userId: Id, displayName: z.string(), ...repFigures });
export type RepPerformance = z.infer<typeof RepPerformance>;

/** Rep performance for a period, one row per rep, and the team's (the reps answered, summed) together. */
export const RepPerformanceReport = z.object({
  period: z.object({ from: DateOnly, to: DateOnly }),
  reps: z.array(RepPerformance),
  team: z.object(repFigures),
});
export type RepPerformanceReport = z.infer<typeof RepPerformanceReport>;

/** Engagement analytics with bot activity separated from human activity. */
export const EngagementMetrics = z.object({
  period: z.object({ from: DateOnly, to: DateOnly }),
  emailsSent: count,
  /** Every tracked open and click hit, people and machines. */
  rawOpens: count,
  rawClicks: count,
  /** Emails a person opened or clicked (each email once; machine hits never count). */
  humanOpens: count,
  humanClicks: count,
  /** The machine hits by the reason of their verdict (`unclassified`: recorded before reasons were kept). */
  botHits: z.array(
    z.object({
      reason: z.enum(['no_user_agent', 'bot_user_agent', 'mail_scanner', 'prefetch_window', 'unclassified']),
      opens: count,
      clicks: count,
    }),
  ),
  replies: count,
  replyRate: rate.nullable(),
  calls: count,
  callsConnected: count,
  connectRate: rate.nullable(),
  meetingsSet: count,
  meetingSetRate: rate.nullable(),
});
export type EngagementMetrics = z.infer<typeof EngagementMetrics>;

/** Step-level performance of a sequence (human opens/clicks only). */
export const SequenceMetrics = z.object({
  sequenceId: Id,
  /**
   * Enrollment counts: every enrollment ever (`enrolled`), by status, and by why they ended (`replied`, `bounced`,
   * `optedOut`: unsubscribed or opted out).
   */
  enrollments: z.object({
    enrolled: count,
    active: count,
    paused: count,
    completed: count,
    failed: count,
    replied: count,
    bounced: count,
    optedOut: count,
  }),
  steps: z.array(
    z.object({
      stepIndex: z.number().int().min(0),
      type: z.string(),
      executed: count,
      sent: count,
      humanOpens: count,
      humanClicks: count,
      replies: count,
      bounces: count,
      tasksCreated: count,
    }),
  ),
  replyRate: rate.nullable(),
  meetingRate: rate.nullable(),
  unsubscribes: count,
});
export type SequenceMetrics = z.infer<typeof SequenceMetrics>;

const rollupFigures = {
  openCount: count,
  openAmount: z.string(),
  weighted: z.string(),
  wonCount: count,
  wonAmount: z.string(),
  lostCount: count,
  engagements: count,
};

/** Client and project rollups for agency reporting. */
export const Rollup = z.object({
  currency: Currency,
  period: z.object({ from: DateOnly, to: DateOnly }),
  clients: z.array(
    z.object({
      clientId: Id,
      name: z.string(),
      ...rollupFigures,
      projects: z.array(z.object({ projectId: Id, name: z.string(), ...rollupFigures })),
    }),
  ),
});
export type Rollup = z.infer<typeof Rollup>;

/** Scoring weights (0..1 each) and the score thresholds of the health bands. */
export const ScoreConfig = z.object({
  ...base,
  weights: z.record(z.string(), z.number().min(0).max(1)),
  thresholds: z.object({ atRisk: z.number().int().min(0).max(100), healthy: z.number().int().min(0).max(100) }),
  /** Days after which an engagement no longer counts for recency. */
  decayDays: z.number().int().min(1).max(365),
  version: Version,
});
export type ScoreConfig = z.infer<typeof ScoreConfig>;

/** One computed score with the factors that produced it. */
export const ScoreResult = z.object({
  subjectType: z.enum(['opportunity', 'contact']),
  subjectId: Id,
  score: z.number().int().min(0).max(100),
  previousScore: z.number().int().nullable(),
  factors: z.array(z.object({ name: z.string(), weight: z.number(), value: z.number(), contribution: z.number() })),
});
export type ScoreResult = z.infer<typeof ScoreResult>;

/** Next Best Action recommendations for one opportunity (or, without one, a rep's day), with the reasoning. */
export const NextBestAction = z.object({
  /** The opportunity asked about; null for a rep's day (each action names its own). */
  opportunityId: Id.nullable(),
  actions: z.array(
    z.object({
      opportunityId: Id,
      opportunityName: z.string(),
      kind: z.enum(['email', 'call', 'meeting', 'task', 'enroll_sequence', 'multi_thread', 'update_close_date']),
      title: z.string(),
      /** Why, with the figures behind it ("no reply from Jane Doe in 9 days"). */
      rationale: z.string(),
      /** 0..1, higher first. */
      priority: rate,
      contactId: Id.nullable(),
      templateId: z.string().nullable(),
      sequenceId: Id.nullable(),
      /** The operation that performs the action, and the input it starts from (the caller completes it). */
      operationId: z.string(),
      input: z.record(z.string(), z.unknown()),
    }),
  ),
  generatedAt: Timestamp,
  provenance: z.object({ provider: z.string(), model: z.string() }),
});
export type NextBestAction = z.infer<typeof NextBestAction>;

/** A generated CSV export, downloadable until `expiresAt`. */
export const ExportFile = z.object({
  id: Id,
  fileName: z.string(),
  contentType: z.literal('text/csv'),
  rowCount: z.number().int().min(0),
  downloadUrl: z.string(),
  expiresAt: Timestamp,
});
export type ExportFile = z.infer<typeof ExportFile>;
