import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { SequenceEnrollment } from '../../schemas/sequence';

export const resume = defineOperation({
  id: 'sequence.resume',
  kind: 'mutation',
  summary: 'Resumes a paused enrollment, rescheduling its next step under the guardrails.',
  input: z.object({ enrollmentId: Id, expectedVersion: ExpectedVersion }),
  output: SequenceEnrollment,
  errors: ['not_found', 'invalid_state', 'version_conflict', 'recipient_suppressed'],
  permission: 'sequence.enroll',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
