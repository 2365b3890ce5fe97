import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { Lead } from '../../schemas/cadence';

export const complete = defineOperation({
  id: 'lead.complete',
  kind: 'mutation',
  summary:
    "Marks a lead's current stage done and advances it, anchoring the next action on the completion time (the last stage closes it).",
  input: z.object({
    id: Id,
    /** Omitted: now. */
    completedAt: Timestamp.optional(),
    /** Move a lead a promotion has locked anyway, recorded as an explicit release of the lock. */
    force: z.boolean().default(false),
    expectedVersion: ExpectedVersion,
  }),
  output: Lead,
  errors: ['not_found', 'lead_locked', 'invalid_state', 'version_conflict'],
  permission: 'lead.work',
  emits: [],
  source: 'catalogue',
});
