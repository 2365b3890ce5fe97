import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { Lead } from '../../schemas/cadence';

export const reschedule = defineOperation({
  id: 'lead.reschedule',
  kind: 'mutation',
  summary: "Sets a lead's next action to an explicit time.",
  input: z.object({
    id: Id,
    nextActionAt: Timestamp,
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
