import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { Task, TaskPriority, TaskType } from '../../schemas/engagement';

export const update = defineOperation({
  id: 'task.update',
  kind: 'mutation',
  summary: "Changes a task's type, title, notes, owner, due time, priority or open/in-progress status.",
  input: z.object({
    id: Id,
    type: TaskType.optional(),
    title: z.string().trim().min(1).max(200).optional(),
    notes: z.string().max(10_000).nullable().optional(),
    ownerId: Id.optional(),
    dueAt: Timestamp.optional(),
    priority: TaskPriority.optional(),
    status: z.enum(['open', 'inProgress']).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Task,
  errors: ['not_found', 'version_conflict', 'invalid_state', 'reference_invalid'],
  permission: 'task.write',
  emits: [],
  source: 'spec',
});
