import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Task } from '../../schemas/engagement';

export const complete = defineOperation({
  id: 'task.complete',
  kind: 'mutation',
  summary: 'Completes a task, with optional closing notes.',
  input: z.object({
    id: Id,
    notes: z.string().max(10_000).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Task,
  errors: ['not_found', 'version_conflict', 'invalid_state'],
  permission: 'task.write',
  emits: ['task.completed'],
  source: 'spec',
});
