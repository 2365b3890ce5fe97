import { z } from 'zod';
import { Currency, Id, StageKey, Timestamp } from '../contract/common';
import { CallDisposition, CallProvider, CallStatus } from '../schemas/call';
import { EngagementChannel, EngagementType, TaskType } from '../schemas/engagement';
import { MailFolder, ReplyClassification } from '../schemas/mail';
import type { EventName } from './names';

const opportunityRefs = {
  opportunityId: Id,
  pipelineId: Id,
  clientId: Id.nullable(),
  projectId: Id.nullable(),
  ownerId: Id,
};
const closed = { ...opportunityRefs, stage: StageKey, amount: z.string(), currency: Currency, reason: z.string() };
const callRefs = { callId: Id, userId: Id, contactId: Id.nullable(), opportunityId: Id.nullable() };
const enrollmentRefs = {
  enrollmentId: Id,
  sequenceId: Id,
  contactId: Id.nullable(),
  opportunityId: Id.nullable(),
  ownerId: Id,
};

/** What breached: `idle` (no human engagement within the stage's idle limit) or `stage_time` (too long in the stage). */
export const SlaBreachKind = z.enum(['idle', 'stage_time']);
/** Why an open breach ended: a human engagement, a stage move, the deal closing, or the policy no longer applying. */
export const SlaClearReason = z.enum(['engagement', 'stage_move', 'closed', 'policy']);
const slaRefs = {
  breachId: Id,
  kind: SlaBreachKind,
  opportunityId: Id,
  pipelineId: Id,
  ownerId: Id,
  stage: StageKey,
};

/** The payload (`data`) of every canonical event: entity references and the facts consumers need. */
export const eventPayloads = {
  'pipeline.created': z.object({
    pipelineId: Id,
    clientId: Id.nullable(),
    name: z.string(),
    stageOrder: z.array(StageKey),
  }),
  'pipeline.updated': z.object({
    pipelineId: Id,
    clientId: Id.nullable(),
    version: z.number().int(),
    changed: z.array(z.string()),
    active: z.boolean(),
  }),
  'opportunity.created': z.object({
    ...opportunityRefs,
    accountId: Id,
    stage: StageKey,
    amount: z.string(),
    currency: Currency,
  }),
  'opportunity.updated': z.object({ ...opportunityRefs, version: z.number().int(), changed: z.array(z.string()) }),
  'opportunity.stageChanged': z.object({
    ...opportunityRefs,
    fromStage: StageKey,
    toStage: StageKey,
    amount: z.string(),
    currency: Currency,
    version: z.number().int(),
  }),
  'opportunity.won': z.object(closed),
  'opportunity.lost': z.object(closed),
  'engagement.logged': z.object({
    engagementId: Id,
    type: EngagementType,
    channel: EngagementChannel,
    accountId: Id,
    contactId: Id.nullable(),
    opportunityId: Id.nullable(),
    actorId: Id.nullable(),
    occurredAt: Timestamp,
    isBot: z.boolean(),
  }),
  // Mail events reach every `event.read` holder and webhook, so they carry no private detail of the mailbox
  // (no mailbox, message or thread id, subject, address or quoted text): only whose mail it was (`userId`)
  // and the CRM records it concerns. The owner reads the messages themselves through `mail.*` operations.
  /** A folder of a user's mailbox finished a delta round. */
  'mail.synced': z.object({
    userId: Id,
    folder: MailFolder.nullable(),
    added: z.number().int(),
    updated: z.number().int(),
    removed: z.number().int(),
    backfillComplete: z.boolean(),
  }),
  /** A user's email went out (manual send, reply or sequence step). */
  'mail.sent': z.object({
    userId: Id,
    contactIds: z.array(Id),
    opportunityId: Id.nullable(),
    enrollmentId: Id.nullable(),
    aiDraftId: Id.nullable(),
  }),
  /** A reply to a user's email arrived and was classified. */
  'mail.replyDetected': z.object({
    userId: Id,
    contactId: Id.nullable(),
    opportunityId: Id.nullable(),
    /** Enrollments the reply stops (stop rules). */
    enrollmentIds: z.array(Id),
    classification: ReplyClassification,
    /** Out-of-office: the return date the text gives (YYYY-MM-DD), else null. */
    returnDate: z.string().nullable(),
  }),
  'call.started': z.object({ ...callRefs, direction: z.enum(['out', 'in']), provider: CallProvider }),
  'call.ended': z.object({ ...callRefs, status: CallStatus, durationSec: z.number().int(), endedAt: Timestamp }),
  'call.dispositioned': z.object({
    ...callRefs,
    disposition: CallDisposition,
    customDisposition: z.string().nullable(),
  }),
  'call.recorded': z.object({ ...callRefs, durationSec: z.number().int().nullable() }),
  'call.transcribed': z.object({ ...callRefs, transcriptId: Id }),
  'sequence.enrolled': z.object({ ...enrollmentRefs, nextRunAt: Timestamp.nullable() }),
  'sequence.advanced': z.object({
    ...enrollmentRefs,
    fromStep: z.number().int(),
    toStep: z.number().int(),
    action: z.string(),
    nextRunAt: Timestamp.nullable(),
  }),
  'sequence.paused': z.object({
    ...enrollmentRefs,
    reason: z.enum([
      'manual',
      'replied',
      'meeting_booked',
      'stage_changed',
      'guardrail',
      'opted_out',
      'approval_rejected',
      'out_of_office',
    ]),
  }),
  'sequence.completed': z.object({
    ...enrollmentRefs,
    reason: z.enum([
      'finished',
      'stopped',
      'replied',
      'meeting_booked',
      'unsubscribed',
      'opted_out',
      'bounced',
      'stage_changed',
      'archived',
    ]),
  }),
  'sequence.failed': z.object({ ...enrollmentRefs, step: z.number().int(), code: z.string(), message: z.string() }),
  'score.updated': z.object({
    subjectType: z.enum(['opportunity', 'contact']),
    subjectId: Id,
    opportunityId: Id.nullable(),
    contactId: Id.nullable(),
    score: z.number().int(),
    previousScore: z.number().int().nullable(),
  }),
  'task.created': z.object({
    taskId: Id,
    type: TaskType,
    ownerId: Id,
    opportunityId: Id.nullable(),
    contactId: Id.nullable(),
    dueAt: Timestamp,
    origin: z.enum(['sequence', 'manual', 'qa', 'campaign', 'sla']),
  }),
  'task.completed': z.object({
    taskId: Id,
    type: TaskType,
    ownerId: Id,
    opportunityId: Id.nullable(),
    contactId: Id.nullable(),
    completedAt: Timestamp,
  }),
  'sla.breached': z.object({ ...slaRefs, taskId: Id.nullable(), dueAt: Timestamp, limitHours: z.number().int() }),
  'sla.escalated': z.object({ ...slaRefs, managerId: Id }),
  'sla.cleared': z.object({ ...slaRefs, reason: SlaClearReason }),
} as const satisfies Record<EventName, z.ZodObject>;
