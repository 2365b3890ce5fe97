import { z } from 'zod';
import { Duration } from '../contract/common';
import { TaskPriority, TaskType } from './engagement';

/** Events a branch reacts to (spec: Sequence Step JSON). */
export const BranchCondition = z.enum([
  'replied',
  'opened',
  'clicked',
  'no_open_48h',
  'meeting_booked',
  'stage_changed',
]);
export type BranchCondition = z.infer<typeof BranchCondition>;

/** A call task for the rep (worked in the power dialer). */
export const CallStep = z.object({
  type: z.literal('call'),
  dueIn: Duration.optional(),
  script: z.string().max(5000).optional(),
  wait: Duration.optional(),
});
/** A LinkedIn task for the rep (the product never automates LinkedIn itself). */
export const LinkedinStep = z.object({
  type: z.literal('linkedin'),
  action: z.enum(['connect', 'message', 'view_profile', 'inmail']),
  note: z.string().max(2000).optional(),
  dueIn: Duration.optional(),
  wait: Duration.optional(),
});
/** A pause before the next step, as an ISO-8601 duration such as `P2D`. */
export const WaitStep = z.object({ type: z.literal('wait'), duration: Duration });
/** Creates a task (spec fallback example: `{ type: 'task', taskType: 'call', dueIn: 'P1D' }`). */
export const TaskStep = z.object({
  type: z.literal('task'),
  taskType: TaskType,
  dueIn: Duration,
  title: z.string().max(200).optional(),
  priority: TaskPriority.optional(),
});
/** Calls an HTTPS webhook with the enrollment's context and an optional static payload. */
export const WebhookStep = z.object({
  type: z.literal('webhook'),
  url: z.url({ protocol: /^https$/ }),
  payload: z.record(z.string(), z.unknown()).optional(),
  wait: Duration.optional(),
});
/** Ends the enrollment (status `completed`). */
export const StopStep = z.object({ type: z.literal('stop'), reason: z.string().max(200).optional() });

type CallStep = z.infer<typeof CallStep>;
type LinkedinStep = z.infer<typeof LinkedinStep>;
type WaitStep = z.infer<typeof WaitStep>;
type TaskStep = z.infer<typeof TaskStep>;
type WebhookStep = z.infer<typeof WebhookStep>;
type StopStep = z.infer<typeof StopStep>;

// The recursive shapes need written types: z.infer cannot see through z.lazy.
/** One `{ when, do }` rule of an email step's `branch` list. */
export type BranchRule = { when: BranchCondition; do: SequenceStep[] };
/** An email step: manual (approved by a human first) or auto, with wait, fallback and branches. */
export type EmailStep = {
  type: 'email';
  mode: 'manual' | 'auto';
  /** A template's id or key. */
  templateId: string;
  wait?: string | undefined;
  fallback?: SequenceStep | undefined;
  branch?: BranchRule[] | undefined;
};
/** A standalone conditional: runs `do` when `when` happens within `within` (default: until the next step), else `else`. */
export type BranchStep = {
  type: 'branch';
  when: BranchCondition;
  within?: string | undefined;
  do: SequenceStep[];
  else?: SequenceStep[] | undefined;
};
/** One step of a sequence: a discriminated union on `type`. */
export type SequenceStep =
  EmailStep | CallStep | LinkedinStep | WaitStep | BranchStep | TaskStep | WebhookStep | StopStep;

const nested = (): z.ZodType<SequenceStep[], SequenceStep[]> => z.array(SequenceStep).min(1).max(20);

/** One `{ when, do }` rule of an email step's `branch` list. */
export const BranchRule: z.ZodType<BranchRule, BranchRule> = z.object({ when: BranchCondition, do: z.lazy(nested) });

/** An email step (spec example: mode, templateId, wait, fallback, branch). */
export const EmailStep = z.object({
  type: z.literal('email'),
  mode: z.enum(['manual', 'auto']),
  templateId: z.string().min(1).max(100),
  wait: Duration.optional(),
  fallback: z.lazy((): z.ZodType<SequenceStep, SequenceStep> => SequenceStep).optional(),
  branch: z.array(BranchRule).max(10).optional(),
});

/** A standalone conditional branch step. */
export const BranchStep = z.object({
  type: z.literal('branch'),
  when: BranchCondition,
  within: Duration.optional(),
  do: z.lazy(nested),
  else: z.lazy(nested).optional(),
});

/** One step of a sequence, validated recursively. */
export const SequenceStep: z.ZodType<SequenceStep, SequenceStep> = z.discriminatedUnion('type', [
  EmailStep,
  CallStep,
  LinkedinStep,
  WaitStep,
  BranchStep,
  TaskStep,
  WebhookStep,
  StopStep,
]);

/** The steps of a sequence: 1 to 50 top-level steps. */
export const SequenceSteps = z.array(SequenceStep).min(1).max(50);
