import type { Cooldowns, Guardrails, SendWindow, SequenceStep, StopRules } from '@pivotal-pm/sdk';
import { tableColumns } from '#db/tableColumns';

/** A `sequences` row (camelCase through the knex mappers). */
export type SequenceRow = {
  tenantId: string;
  id: string;
  name: string;
  goal: 'meeting' | 'reply' | 'signup' | 'custom';
  steps: SequenceStep[];
  audience: Record<string, unknown>;
  sendWindow: SendWindow;
  cooldowns: Cooldowns;
  guardrails: Guardrails;
  stopRules: StopRules;
  exclusive: boolean;
  definitionVersion: number;
  status: string;
  ownerId: string;
  clientId: string | null;
  active: boolean;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `SequenceRow` (`sequences`). */
export const sequenceColumns = tableColumns<SequenceRow>()('sequences', [
  'tenantId',
  'id',
  'name',
  'goal',
  'steps',
  'audience',
  'sendWindow',
  'cooldowns',
  'guardrails',
  'stopRules',
  'exclusive',
  'definitionVersion',
  'status',
  'ownerId',
  'clientId',
  'active',
  'archivedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** One immutable definition version of a sequence: what its enrollments run. */
export type DefinitionRow = {
  tenantId: string;
  sequenceId: string;
  version: number;
  steps: SequenceStep[];
  sendWindow: SendWindow;
  cooldowns: Cooldowns;
  guardrails: Guardrails;
  stopRules: StopRules;
};
/** The columns of `DefinitionRow` (`sequence_versions`). */
export const definitionColumns = tableColumns<DefinitionRow>()(
  'sequence_versions',
  ['tenantId', 'sequenceId', 'version', 'steps', 'sendWindow', 'cooldowns', 'guardrails', 'stopRules'],
  false,
);

/** Enrollment statuses. */
export type EnrollmentStatus = 'active' | 'paused' | 'completed' | 'failed';

/** A `sequence_enrollments` row. */
export type EnrollmentRow = {
  tenantId: string;
  id: string;
  sequenceId: string;
  sequenceVersion: number;
  opportunityId: string | null;
  contactId: string | null;
  status: EnrollmentStatus;
  currentStep: number;
  nextRunAt: Date | null;
  lastActionAt: Date | null;
  ownerId: string;
  stopReason: string | null;
  pausedUntil: Date | null;
  stepState: StepState;
  attempts: number;
  meta: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `EnrollmentRow` (`sequence_enrollments`). */
export const enrollmentColumns = tableColumns<EnrollmentRow>()('sequence_enrollments', [
  'tenantId',
  'id',
  'sequenceId',
  'sequenceVersion',
  'opportunityId',
  'contactId',
  'status',
  'currentStep',
  'nextRunAt',
  'lastActionAt',
  'ownerId',
  'stopReason',
  'pausedUntil',
  'stepState',
  'attempts',
  'meta',
  'version',
  'createdAt',
  'updatedAt',
]);

/** Where an enrollment stands inside a step: steps queued by a branch, and the current step's phase. */
export type StepState = {
  /** Steps a branch queued before the next top-level step, each with its stable key. */
  pending?: { key: string; step: SequenceStep }[];
  /** The step waits for its approval (manual email) or for its `wait` to pass before its branches are read. */
  phase?: 'awaiting_approval' | 'waiting';
  /** When the current step acted (its send or task), for branch conditions. */
  actedAt?: string;
  /** Key of the step in progress. */
  key?: string;
};

/** A `suppressions` row. */
export type SuppressionRow = {
  tenantId: string;
  id: string;
  kind: 'email' | 'domain' | 'phone';
  value: string;
  reason: 'unsubscribed' | 'bounced' | 'complaint' | 'manual' | 'legal';
  contactId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `SuppressionRow` (`suppressions`). */
export const suppressionColumns = tableColumns<SuppressionRow>()('suppressions', [
  'tenantId',
  'id',
  'kind',
  'value',
  'reason',
  'contactId',
  'createdBy',
  'createdAt',
  'updatedAt',
]);

/** A `sequence_approvals` row. */
export type ApprovalRow = {
  tenantId: string;
  id: string;
  sequenceId: string;
  enrollmentId: string;
  stepKey: string;
  stepIndex: number;
  kind: 'manual_step' | 'personalised_send';
  contactId: string | null;
  opportunityId: string | null;
  ownerId: string;
  preview: { to: string[]; subject: string; body: { contentType: 'text' | 'html'; content: string } } | null;
  status: 'pending' | 'approved' | 'rejected';
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `ApprovalRow` (`sequence_approvals`). */
export const approvalColumns = tableColumns<ApprovalRow>()('sequence_approvals', [
  'tenantId',
  'id',
  'sequenceId',
  'enrollmentId',
  'stepKey',
  'stepIndex',
  'kind',
  'contactId',
  'opportunityId',
  'ownerId',
  'preview',
  'status',
  'decidedBy',
  'decidedAt',
  'reason',
  'version',
  'createdAt',
  'updatedAt',
]);
