import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { EnrollResult } from '../../schemas/sequence';

export const enroll = defineOperation({
  id: 'sequence.enroll',
  kind: 'mutation',
  summary:
    'Enrolls contacts or opportunities (or the next contacts of the saved audience) in a sequence, skipping opted-out, suppressed and already enrolled targets.',
  input: z
    .object({
      sequenceId: Id,
      targets: z
        .array(
          z
            .object({ contactId: Id.optional(), opportunityId: Id.optional() })
            .refine(
              (t) => t.contactId !== undefined || t.opportunityId !== undefined,
              'give a contactId or an opportunityId',
            ),
        )
        .min(1)
        .max(200)
        .optional(),
      /**
       * Instead of `targets`: the next contacts of the sequence's saved audience that were never enrolled in it
       * (by contact id, at most `limit`), so repeated calls work through the audience.
       */
      fromAudience: z.object({ limit: z.number().int().min(1).max(1000).default(200) }).optional(),
      /** Omitted: the caller. */
      ownerId: Id.optional(),
      /** Omitted: now (still subject to the send window). */
      startAt: Timestamp.optional(),
    })
    .refine((v) => (v.targets === undefined) !== (v.fromAudience === undefined), {
      message: 'give exactly one of targets or fromAudience',
      path: ['targets'],
    }),
  output: EnrollResult,
  errors: ['not_found', 'invalid_state', 'reference_invalid'],
  permission: 'sequence.enroll',
  flag: 'sequences',
  emits: ['sequence.enrolled'],
  source: 'spec',
});
