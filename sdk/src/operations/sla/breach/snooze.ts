import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { SlaBreach } from '../../../schemas/sla';

export const snooze = defineOperation({
  id: 'sla.breach.snooze',
  kind: 'mutation',
  summary:
    "Snoozes an open breach: its task is due later, the manager's escalation waits as long, and the reminder comes back then.",
  input: z.object({
    id: Id,
    hours: z
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(24),
  }),
  output: SlaBreach,
  errors: ['not_found', 'invalid_state'],
  permission: 'task.write',
  flag: 'pipeline',
  emits: [],
  source: 'project',
});
