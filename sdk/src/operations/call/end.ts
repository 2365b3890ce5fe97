import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { CallSession } from '../../schemas/call';

export const end = defineOperation({
  id: 'call.end',
  kind: 'mutation',
  summary: 'Ends a call, records its duration and logs it as an engagement.',
  input: z.object({
    id: Id,
    status: z.enum(['ended', 'failed']).default('ended'),
    /** Omitted: now. */
    endedAt: Timestamp.optional(),
    notes: z.string().max(10_000).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: CallSession,
  errors: ['not_found', 'not_owner', 'invalid_state', 'version_conflict'],
  permission: 'call.make',
  flag: 'webrtc_calls',
  emits: ['call.ended', 'engagement.logged'],
  source: 'spec',
});
