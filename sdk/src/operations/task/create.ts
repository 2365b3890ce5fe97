import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { Task, TaskPriority, TaskType } from '../../schemas/engagement';

export const create = defineOperation({
  id: 'task.create',
  kind: 'mutation',
  summary: "Creates a task in an owner's queue (the caller's by default).",
  input: z.object({
    type: TaskType,
    title: z.string().trim().min(1).max(200),
    notes: z.string().max(10_000).optional(),
    opportunityId: Id.optional(),
    contactId: Id.optional(),
    ownerId: Id.optional(),
    dueAt: Timestamp,
    priority: TaskPriority.default('normal'),
  }),
  output: Task,
  errors: ['reference_invalid'],
  permission: 'task.write',
  emits: ['task.created'],
  source: 'spec',
});
