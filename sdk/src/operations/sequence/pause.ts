import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { SequenceEnrollment } from '../../schemas/sequence';

export const pause = defineOperation({
  id: 'sequence.pause',
  kind: 'mutation',
  summary: 'Pauses one enrollment of a sequence.',
  input: z.object({
    enrollmentId: Id,
    reason: z.string().trim().max(500).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: SequenceEnrollment,
  errors: ['not_found', 'invalid_state', 'version_conflict'],
  permission: 'sequence.enroll',
  flag: 'sequences',
  emits: ['sequence.paused'],
  source: 'spec',
});
