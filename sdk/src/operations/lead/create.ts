import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, StageKey, Timestamp } from '../../contract/common';
import { Lead } from '../../schemas/cadence';

export const create = defineOperation({
  id: 'lead.create',
  kind: 'mutation',
  summary:
    "Enters a contact (or a named prospect) into a pipeline's lead cadence at a stage (default: the first), due per the stage's offset from now.",
  input: z
    .object({
      pipelineId: Id,
      contactId: Id.optional(),
      accountId: Id.optional(),
      opportunityId: Id.optional(),
      /** Omitted: the contact's name. */
      name: z.string().trim().min(1).max(200).optional(),
      /** Omitted: the caller. */
      ownerId: Id.optional(),
      /** Omitted: the cadence's first stage. */
      stageKey: StageKey.optional(),
      /** Omitted: computed from the stage's offset and the cadence's day start time. */
      nextActionAt: Timestamp.optional(),
    })
    .refine((v) => v.contactId !== undefined || v.name !== undefined, {
      message: 'give a contactId or a name',
      path: ['name'],
    }),
  output: Lead,
  errors: ['reference_invalid', 'invalid_state'],
  permission: 'lead.work',
  emits: [],
  source: 'catalogue',
});
