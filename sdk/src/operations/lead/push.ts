import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Lead, PushPreset } from '../../schemas/cadence';

export const push = defineOperation({
  id: 'lead.push',
  kind: 'mutation',
  summary: "Pushes a lead's next action by a preset (later today, tomorrow morning, next week).",
  input: z.object({
    id: Id,
    preset: PushPreset,
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
