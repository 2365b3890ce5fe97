import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Phone } from '../../contract/common';
import { CallProvider, CallSession } from '../../schemas/call';

export const start = defineOperation({
  id: 'call.start',
  kind: 'mutation',
  summary: 'Starts an outbound call to a contact or number through the chosen telephony provider.',
  input: z
    .object({
      contactId: Id.optional(),
      /** Omitted: the contact's phone. */
      toNumber: Phone.optional(),
      opportunityId: Id.optional(),
      /** The call task being worked, if any. */
      taskId: Id.optional(),
      provider: CallProvider.default('webrtc'),
      /** Ask to record; refused with consent_required where the region's policy forbids it. */
      record: z.boolean().default(false),
    })
    .refine((v) => v.contactId !== undefined || v.toNumber !== undefined, {
      message: 'give a contactId or a toNumber',
      path: ['contactId'],
    }),
  output: CallSession,
  errors: ['reference_invalid', 'recipient_suppressed', 'consent_required', 'upstream_failed'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: ['call.started'],
  source: 'spec',
});
