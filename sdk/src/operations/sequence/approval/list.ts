import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput } from '../../../contract/common';
import { SequenceApproval } from '../../../schemas/sequence';

export const list = defineOperation({
  id: 'sequence.approval.list',
  kind: 'query',
  summary: 'Lists the human-in-the-loop queue: manual steps and personalised sends waiting for a decision.',
  input: z.object({
    sequenceId: Id.optional(),
    status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
    ...pageInput,
  }),
  output: page(SequenceApproval),
  errors: [],
  permission: 'sequence.approve',
  flag: 'sequences',
  emits: [],
  list: true,
  source: 'catalogue',
});
