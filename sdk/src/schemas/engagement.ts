import { z } from 'zod';
import { base, Id, JsonObject, Timestamp, Version } from '../contract/common';

/** What kind of interaction an engagement records (spec: Engagement DTO). */
export const EngagementType = z.enum([
  'email_in',
  'email_out',
  'call_in',
  'call_out',
  'meeting',
  'note',
  'task',
  'touchpoint',
  'conversion',
  'campaign_event',
]);
export type EngagementType = z.infer<typeof EngagementType>;
/** Direction of an engagement, when it has one. */
export const EngagementDirection = z.enum(['in', 'out']);
/** The channel an engagement happened on. */
export const EngagementChannel = z.enum(['email', 'phone', 'web', 'inapp', 'calendar']);
export type EngagementChannel = z.infer<typeof EngagementChannel>;

/** Engagement DTO (spec): one logged interaction. Engagements are append-only, so they carry no version. */
export const Engagement = z.object({
  ...base,
  opportunityId: Id.nullable(),
  accountId: Id,
  contactId: Id.nullable(),
  /** Who did it; null for engagements recorded by an API key or by the system (sync, sequences). */
  actorId: Id.nullable(),
  type: EngagementType,
  direction: EngagementDirection.nullable(),
  subject: z.string().nullable(),
  bodyPreview: z.string().nullable(),
  meta: JsonObject,
  occurredAt: Timestamp,
  /** True when the activity was made by a bot or scanner (excluded from human analytics). */
  isBot: z.boolean(),
  channel: EngagementChannel,
});
export type Engagement = z.infer<typeof Engagement>;

/** Kind of task (spec: Task DTO). */
export const TaskType = z.enum(['call', 'email', 'followup', 'todo']);
export type TaskType = z.infer<typeof TaskType>;
/** Priority of a task. */
export const TaskPriority = z.enum(['low', 'normal', 'high']);
/** Status of a task; `overdue` is derived: an unfinished task whose `dueAt` has passed. */
export const TaskStatus = z.enum(['open', 'inProgress', 'completed', 'overdue']);
/** What created a task. */
/** Where a task came from: `sla` tasks are created by the SLA engine when an opportunity breaches its SLA. */
export const TaskOrigin = z.enum(['sequence', 'manual', 'qa', 'campaign', 'sla']);

/** Task DTO (spec), plus a title, notes and the completion time. */
export const Task = z.object({
  ...base,
  type: TaskType,
  title: z.string(),
  notes: z.string().nullable(),
  opportunityId: Id.nullable(),
  contactId: Id.nullable(),
  ownerId: Id,
  dueAt: Timestamp,
  priority: TaskPriority,
  status: TaskStatus,
  origin: TaskOrigin,
  completedAt: Timestamp.nullable(),
  version: Version,
});
export type Task = z.infer<typeof Task>;

/** What a timeline item stands for: any engagement type, or a task. */
export const TimelineItemType = z.union([EngagementType, z.literal('task')]);
export type TimelineItemType = z.infer<typeof TimelineItemType>;

/** One entry of the merged timeline of an opportunity, account or contact, newest first. */
export const TimelineItem = z.object({
  /** The engagement's or task's id. */
  id: Id,
  source: z.enum(['engagement', 'task']),
  type: TimelineItemType,
  /** When it happened (engagements) or is due (tasks). */
  occurredAt: Timestamp,
  actorId: Id.nullable(),
  opportunityId: Id.nullable(),
  accountId: Id.nullable(),
  contactId: Id.nullable(),
  direction: EngagementDirection.nullable(),
  channel: EngagementChannel.nullable(),
  title: z.string().nullable(),
  preview: z.string().nullable(),
  isBot: z.boolean(),
  /** References to open the full record: call session, message, meeting, enrollment, task status. */
  refs: z.object({
    callId: Id.optional(),
    messageId: Id.optional(),
    meetingId: Id.optional(),
    enrollmentId: Id.optional(),
    taskStatus: TaskStatus.optional(),
  }),
  /** A call's outcome (calls logged by the dialer): how it finished, its talk time, the rep's disposition. */
  call: z
    .object({
      status: z.enum(['ended', 'failed']),
      durationSec: z.number().int().min(0),
      disposition: z.enum(['no_answer', 'left_vm', 'connected', 'callback', 'custom']).nullable(),
      customDisposition: z.string().nullable(),
    })
    .optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;
