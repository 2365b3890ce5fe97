import { z } from 'zod';
import {
  base,
  DateOnly,
  Duration,
  Email,
  Id,
  JsonObject,
  Timestamp,
  TimeOfDay,
  TimeZone,
  Version,
} from '../contract/common';
import { AudienceQuery } from './audience';
import { MailBody } from './mail';
import { SequenceStep } from './sequenceStep';

/** What a sequence aims for. */
export const SequenceGoal = z.enum(['meeting', 'reply', 'signup', 'custom']);

/** A weekly window: ISO weekday (1 = Monday ... 7 = Sunday) and local `HH:mm` bounds. */
export const WeeklyWindow = z
  .object({ day: z.number().int().min(1).max(7), start: TimeOfDay, end: TimeOfDay })
  .refine((w) => w.start < w.end, { message: '`start` must be before `end`', path: ['end'] });

/** When sends may go out (spec: sendWindow): business hours, minus quiet hours, in `timezone`. */
export const SendWindow = z.object({
  timezone: TimeZone,
  businessHours: z.array(WeeklyWindow).max(21),
  quietHours: z.array(WeeklyWindow).max(21),
});
export type SendWindow = z.infer<typeof SendWindow>;

/** Minimum gaps (spec: cooldowns): between two touches of one contact, and between two steps of one sequence. */
export const Cooldowns = z.object({ perContact: Duration, perSequence: Duration });
export type Cooldowns = z.infer<typeof Cooldowns>;

/** Guardrails (spec): unsubscribe link and handling, daily send cap, opt-out enforcement. */
export const Guardrails = z.object({
  unsubscribe: z.boolean(),
  dailyCap: z.number().int().min(1).max(10_000),
  respectOptOut: z.boolean(),
});
export type Guardrails = z.infer<typeof Guardrails>;

/** Which events stop an enrollment besides a human reply, a bounce and an unsubscribe (always on). */
export const StopRules = z.object({
  /** An opportunity stage change stops the opportunity's enrollments (default true). */
  stageChanged: z.boolean().default(true),
  /** A meeting booked with the contact stops its enrollments (default true). */
  meetingBooked: z.boolean().default(true),
});
export type StopRules = z.infer<typeof StopRules>;

/** Sequence DTO (spec), plus owner, client scope, lifecycle and version. */
export const Sequence = z.object({
  ...base,
  name: z.string(),
  goal: SequenceGoal,
  steps: z.array(SequenceStep),
  /** The saved audience (the spec's json_query): who `sequence.enroll` with `fromAudience` enrolls. */
  audience: AudienceQuery,
  sendWindow: SendWindow,
  cooldowns: Cooldowns,
  guardrails: Guardrails,
  stopRules: StopRules,
  /** Exclusive: a contact live in this sequence cannot be enrolled in another one, and vice versa. */
  exclusive: z.boolean(),
  /** The definition version new enrollments run (bumped when steps, window, cooldowns, guardrails or stop rules change). */
  definitionVersion: z.number().int().min(1),
  ownerId: Id,
  clientId: Id.nullable(),
  active: z.boolean(),
  archivedAt: Timestamp.nullable(),
  version: Version,
});
export type Sequence = z.infer<typeof Sequence>;

/** Status of an enrollment. */
export const EnrollmentStatus = z.enum(['active', 'paused', 'completed', 'failed']);

/**
 * The statuses of a live enrollment: one that still holds its contact's place in the sequence (at most one live
 * enrollment per contact and sequence) and can still send. `completed` and `failed` are final.
 */
export const LIVE_ENROLLMENT_STATUSES = ['active', 'paused'] as const satisfies readonly z.infer<
  typeof EnrollmentStatus
>[];

/** Sequence Enrollment DTO (spec), plus version. */
export const SequenceEnrollment = z.object({
  ...base,
  sequenceId: Id,
  opportunityId: Id.nullable(),
  contactId: Id.nullable(),
  status: EnrollmentStatus,
  /** The definition version this enrollment runs (kept when the sequence is edited, unless migrated). */
  sequenceVersion: z.number().int().min(1),
  /** Index of the step to run next (0-based into `steps`). */
  currentStep: z.number().int().min(0),
  nextRunAt: Timestamp.nullable(),
  lastActionAt: Timestamp.nullable(),
  ownerId: Id,
  /** Why the enrollment stopped or paused (a reason code, see docs/sequences.md). */
  stopReason: z.string().nullable(),
  /** An out-of-office pause ends by itself at this time. */
  pausedUntil: Timestamp.nullable(),
  meta: JsonObject,
  version: Version,
});
export type SequenceEnrollment = z.infer<typeof SequenceEnrollment>;

/** Guardrails that can hold a step back. */
export const GuardrailName = z.enum([
  'business_hours',
  'quiet_hours',
  'holiday',
  'out_of_office',
  'daily_cap',
  'mailbox_pacing',
  'mailbox_daily_limit',
  'cooldown',
  'opt_out',
  'suppressed',
  'approval',
]);
export type GuardrailName = z.infer<typeof GuardrailName>;

/** What the runner will do next for an enrollment, and what (if anything) holds it back. */
export const NextAction = z.object({
  enrollmentId: Id,
  stepIndex: z.number().int().min(0).nullable(),
  step: SequenceStep.nullable(),
  action: z.enum(['send_email', 'create_task', 'wait', 'call_webhook', 'branch', 'await_approval', 'stop', 'none']),
  scheduledAt: Timestamp.nullable(),
  blockedBy: z.array(z.object({ guardrail: GuardrailName, until: Timestamp.nullable() })),
});
export type NextAction = z.infer<typeof NextAction>;

/** A dry run of a sequence over a cohort: the exact schedule each contact would get. */
export const SimulationResult = z.object({
  /** The simulated sequence and definition version (null for a draft). */
  sequenceId: Id.nullable(),
  version: z.number().int().min(1).nullable(),
  startAt: Timestamp,
  /** Per contact (cohort order), each step in run order. */
  schedule: z.array(
    z.object({
      contactId: Id,
      /** Index of the top-level step this entry belongs to. */
      stepIndex: z.number().int().min(0),
      /** Path of the step in the definition (`2`, `0.branch.1.do.0`, `3.else.0`). */
      stepKey: z.string(),
      type: z.string(),
      /** When the step would run: after every guardrail. */
      at: Timestamp,
      /** When the step would run with no guardrail (previous step plus its wait). */
      nominalAt: Timestamp,
      /** Guardrails that moved this step later than its nominal time. */
      deferredBy: z.array(GuardrailName),
      /** Each move in order: which guardrail held the step from when to when. */
      delays: z.array(z.object({ guardrail: GuardrailName, from: Timestamp, to: Timestamp })),
    }),
  ),
  /** Contacts that would be skipped entirely, and why. */
  excluded: z.array(
    z.object({ contactId: Id, reason: z.enum(['opted_out', 'suppressed', 'no_email', 'already_enrolled']) }),
  ),
  warnings: z.array(z.string()),
});
export type SimulationResult = z.infer<typeof SimulationResult>;

/** A human-in-the-loop item: a manual step or personalised send waiting for approval. */
export const SequenceApproval = z.object({
  ...base,
  sequenceId: Id,
  enrollmentId: Id,
  stepIndex: z.number().int().min(0),
  kind: z.enum(['manual_step', 'personalised_send']),
  contactId: Id.nullable(),
  opportunityId: Id.nullable(),
  preview: z.object({ to: z.array(Email), subject: z.string(), body: MailBody }).nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: Id.nullable(),
  decidedAt: Timestamp.nullable(),
  reason: z.string().nullable(),
  version: Version,
});
export type SequenceApproval = z.infer<typeof SequenceApproval>;

/** Why an address is suppressed. */
export const SuppressionReason = z.enum(['unsubscribed', 'bounced', 'complaint', 'manual', 'legal']);

/** An entry of the suppression list: no sequence or bulk send reaches it. */
export const Suppression = z.object({
  ...base,
  kind: z.enum(['email', 'domain', 'phone']),
  value: z.string(),
  reason: SuppressionReason,
  contactId: Id.nullable(),
  createdBy: Id.nullable(),
});
export type Suppression = z.infer<typeof Suppression>;

/** Why an enrollment target was skipped. */
export const EnrollSkipReason = z.enum([
  'opted_out',
  'suppressed',
  'no_email',
  'already_enrolled',
  'enrolled_elsewhere',
  'not_found',
  'no_contact',
]);
export type EnrollSkipReason = z.infer<typeof EnrollSkipReason>;

/** The outcome of a (bulk) enrollment: who was enrolled and who was skipped. */
export const EnrollResult = z.object({
  /** One entry per target, in input order. */
  results: z.array(
    z.object({
      index: z.number().int().min(0),
      status: z.enum(['enrolled', 'skipped']),
      enrollmentId: Id.nullable(),
      reason: EnrollSkipReason.nullable(),
    }),
  ),
  enrolled: z.array(SequenceEnrollment),
  skipped: z.array(z.object({ contactId: Id.nullable(), opportunityId: Id.nullable(), reason: EnrollSkipReason })),
});
export type EnrollResult = z.infer<typeof EnrollResult>;

/** The outcome of an unsubscribe: the enrollments it ended and whether the contact is now opted out. */
export const UnsubscribeResult = z.object({
  contactId: Id,
  stoppedEnrollmentIds: z.array(Id),
  optedOut: z.boolean(),
});
export type UnsubscribeResult = z.infer<typeof UnsubscribeResult>;

/** A holiday calendar's name: lowercase letters, digits and dashes (`default`, `uk`, `us-east`). */
export const HolidayCalendar = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a calendar name such as default or uk');

/** A day of a tenant's holiday calendars: no automated email goes out on it, in the send window's time zone. */
export const Holiday = z.object({
  tenantId: Id,
  calendar: HolidayCalendar,
  day: DateOnly,
  name: z.string(),
});
export type Holiday = z.infer<typeof Holiday>;

/** A period a rep is away: automated email from their mailbox waits until it ends. */
export const OutOfOffice = z.object({
  ...base,
  userId: Id,
  startsAt: Timestamp,
  endsAt: Timestamp,
  note: z.string(),
});
export type OutOfOffice = z.infer<typeof OutOfOffice>;

/**
 * Tenant-wide sending settings of sequences: `dailyCap` caps automated emails per local day across every sequence
 * and mailbox (null: no tenant cap; each sequence's own cap and each mailbox's Exchange limits still apply).
 */
export const SequenceSettings = z.object({
  tenantId: Id,
  dailyCap: z.number().int().min(1).max(1_000_000).nullable(),
  mailboxLimits: z.object({ perMinute: z.number().int(), recipientsPerDay: z.number().int() }),
  updatedAt: Timestamp.nullable(),
});
export type SequenceSettings = z.infer<typeof SequenceSettings>;

/**
 * The tenant's signing secret of sequence webhook steps, shown only when it is rotated: every step's POST carries
 * `Pivotal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` keyed with it, as event webhooks do.
 */
export const SequenceWebhookSecret = z.object({
  tenantId: Id,
  secret: z.string(),
  rotatedAt: Timestamp,
});
export type SequenceWebhookSecret = z.infer<typeof SequenceWebhookSecret>;
