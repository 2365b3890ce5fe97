import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { DialerNext } from '../../../schemas/call';

export const next = defineOperation({
  id: 'dialer.queue.next',
  kind: 'mutation',
  summary: "Claims the next call task of the caller's power-dialer queue and answers who to call.",
  input: z.object({
    /** Only call tasks made by this sequence. */
    sequenceId: Id.optional(),
    /** A task to skip (it stays open). */
    skipTaskId: Id.optional(),
  }),
  output: DialerNext,
  errors: ['reference_invalid'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: [],
  source: 'catalogue',
});
