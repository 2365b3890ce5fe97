import type { Engagement, Task } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** An `engagements` row as knex returns it (camelCase). */
export type EngagementRow = {
  tenantId: string;
  id: string;
  occurredAt: Date;
  opportunityId: string | null;
  accountId: string;
  contactId: string | null;
  clientId: string | null;
  actorId: string | null;
  type: Engagement['type'];
  direction: Engagement['direction'];
  subject: string | null;
  bodyPreview: string | null;
  meta: Record<string, unknown> | null;
  isBot: boolean;
  channel: Engagement['channel'];
  createdAt: Date;
  updatedAt: Date;
  /** The exact occurredAt for cursors, when the query selected it. */
  messageId: string | null;
  cursorAt?: string;
};
/** The columns of `EngagementRow` (`engagements`). */
export const engagementColumns = tableColumns<Omit<EngagementRow, 'cursorAt'>>()('engagements', [
  'tenantId',
  'id',
  'occurredAt',
  'opportunityId',
  'accountId',
  'contactId',
  'clientId',
  'actorId',
  'type',
  'direction',
  'subject',
  'bodyPreview',
  'meta',
  'isBot',
  'channel',
  'messageId',
  'createdAt',
  'updatedAt',
]);

/** A `tasks` row as knex returns it (camelCase). `status` is the stored one; see `taskStatus`. */
export type TaskRow = {
  tenantId: string;
  id: string;
  type: Task['type'];
  title: string;
  notes: string | null;
  opportunityId: string | null;
  contactId: string | null;
  clientId: string | null;
  ownerId: string;
  dueAt: Date | null;
  priority: Task['priority'];
  status: Task['status'];
  origin: Task['origin'];
  completedAt: Date | null;
  /** When the power dialer last skipped it (it goes to the back of the queue). */
  dialerSkippedAt: Date | null;
  /** The sequence whose call step made it. */
  sequenceId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  cursorAt?: string;
};
/** The columns of `TaskRow` (`tasks`). */
export const taskColumns = tableColumns<Omit<TaskRow, 'cursorAt'>>()('tasks', [
  'tenantId',
  'id',
  'type',
  'title',
  'notes',
  'opportunityId',
  'contactId',
  'clientId',
  'ownerId',
  'dueAt',
  'priority',
  'status',
  'origin',
  'completedAt',
  'dialerSkippedAt',
  'sequenceId',
  'version',
  'createdAt',
  'updatedAt',
]);

/** Engagement DTO of a row. */
export function presentEngagement(row: EngagementRow): Engagement {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    opportunityId: row.opportunityId,
    accountId: row.accountId,
    contactId: row.contactId,
    actorId: row.actorId,
    type: row.type,
    direction: row.direction,
    subject: row.subject,
    bodyPreview: row.bodyPreview,
    meta: row.meta ?? {},
    occurredAt: isoRequired(row.occurredAt),
    isBot: row.isBot,
    channel: row.channel,
  };
}

/**
 * The status a task is presented with at `now`: an unfinished task whose due time has passed is `overdue`,
 * whatever was stored (so it is always right, with no worker needed). Mirrors `taskStatusWhere` in SQL.
 */
export function taskStatus(row: Pick<TaskRow, 'status' | 'dueAt'>, now: Date): Task['status'] {
  if (row.status === 'completed') return 'completed';
  if (row.dueAt !== null && new Date(row.dueAt).getTime() < now.getTime()) return 'overdue';
  return row.status === 'overdue' ? 'open' : row.status;
}

/** Task DTO of a row at `now` (the request's clock). A task without a due time is shown due at its creation. */
export function presentTask(row: TaskRow, now: Date): Task {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    type: row.type,
    title: row.title,
    notes: row.notes,
    opportunityId: row.opportunityId,
    contactId: row.contactId,
    ownerId: row.ownerId,
    dueAt: isoRequired(row.dueAt ?? row.createdAt),
    priority: row.priority,
    status: taskStatus(row, now),
    origin: row.origin,
    completedAt: iso(row.completedAt),
    version: row.version,
  };
}
