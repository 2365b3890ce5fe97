import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion, Id, TimeOfDay } from '../../../contract/common';
import { BotPreferences, DigestFrequency } from '../../../schemas/sla';

export const update = defineOperation({
  id: 'bot.preferences.update',
  kind: 'mutation',
  summary:
    'Sets what the Teams bot may send a user and when: digest frequency (or off), quiet hours, SLA reminders and Next Best Action prompts on or off.',
  input: z.object({
    userId: Id.optional(),
    digest: DigestFrequency.optional(),
    quietHours: z
      .object({ start: TimeOfDay, end: TimeOfDay })
      .refine((q) => q.start !== q.end, { message: 'start and end must differ', path: ['end'] })
      .nullable()
      .optional(),
    slaReminders: z.boolean().optional(),
    nbaPrompts: z.boolean().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: BotPreferences,
  errors: ['not_found', 'version_conflict'],
  permission: 'self',
  emits: [],
  source: 'project',
});
