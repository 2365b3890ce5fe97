import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../../contract/common';
import { SequenceApproval } from '../../../schemas/sequence';

export const reject = defineOperation({
  id: 'sequence.approval.reject',
  kind: 'mutation',
  summary: 'Rejects a pending manual step or personalised send with a reason; the step is skipped.',
  input: z.object({
    id: Id,
    reason: z.string().trim().min(1).max(500),
    expectedVersion: ExpectedVersion,
  }),
  output: SequenceApproval,
  errors: ['not_found', 'invalid_state', 'version_conflict'],
  permission: 'sequence.approve',
  flag: 'sequences',
  emits: [],
  source: 'catalogue',
});
