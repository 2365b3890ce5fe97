import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryList, Timestamp } from '../../contract/common';
import { Task, TaskStatus } from '../../schemas/engagement';

export const list = defineOperation({
  id: 'task.list',
  kind: 'query',
  summary: 'Lists tasks by owner, status, opportunity, contact or due time, soonest due first.',
  input: z.object({
    ownerId: Id.optional(),
    status: TaskStatus.optional(),
    opportunityId: Id.optional(),
    /** Tasks of any of these opportunities (at most 200, e.g. the cards of a board). */
    opportunityIds: QueryList(Id)
      .refine((v) => v.length <= 200, 'at most 200 ids')
      .optional(),
    contactId: Id.optional(),
    dueBefore: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(Task),
  errors: [],
  permission: 'task.read',
  emits: [],
  list: true,
  source: 'spec',
});
