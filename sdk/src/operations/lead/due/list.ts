import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, Timestamp } from '../../../contract/common';
import { Lead } from '../../../schemas/cadence';

export const list = defineOperation({
  id: 'lead.due.list',
  kind: 'query',
  summary: 'Lists leads whose next action is due (by default now), soonest first.',
  input: z.object({
    pipelineId: Id.optional(),
    /** Omitted: the caller's leads. */
    ownerId: Id.optional(),
    /** Omitted: now. */
    dueBefore: Timestamp.optional(),
    includeLocked: QueryBoolean.default(true),
    ...pageInput,
  }),
  output: page(Lead),
  errors: [],
  permission: 'lead.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
