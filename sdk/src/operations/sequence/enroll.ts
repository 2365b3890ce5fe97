import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { EnrollResult } from '../../schemas/sequence';

/** Enrolls contacts or opportunities in a sequence, skipping opted-out, suppressed and already enrolled targets. */
export const enroll = defineOperation({
  id: 'sequence.enroll',
  kind: 'mutation',
  summary:
    'Enrolls contacts or opportunities in a sequence, skipping opted-out, suppressed and already enrolled targets.',
  input: z.object({
    sequenceId: Id,
    targets: z
      .array(
        z
          .object({ contactId: Id.optional(), opportunityId: Id.optional() })
          .refine((t) => t.contactId !== undefined || t.opportunityId !== undefined, 'give a contactId or an opportunityId'),
      )
      .min(1)
      .max(200),
    /** Omitted: the caller. */
    ownerId: Id.optional(),
    /** Omitted: now (still subject to the send window). */
    startAt: Timestamp.optional(),
  }),
  output: EnrollResult,
  errors: ['not_found', 'invalid_state', 'reference_invalid'],
  permission: 'sequence.enroll',
  flag: 'sequences',
  emits: ['sequence.enrolled'],
  source: 'spec',
});
