import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../../contract/common';
import { MailBody } from '../../../schemas/mail';
import { SequenceApproval } from '../../../schemas/sequence';

export const approve = defineOperation({
  id: 'sequence.approval.approve',
  kind: 'mutation',
  summary:
    'Approves a pending manual step or personalised send, optionally with edits, so the runner can carry it out.',
  input: z.object({
    id: Id,
    edits: z.object({ subject: z.string().max(998).optional(), body: MailBody.optional() }).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: SequenceApproval,
  errors: ['not_found', 'invalid_state', 'version_conflict'],
  permission: 'sequence.approve',
  flag: 'sequences',
  emits: [],
  source: 'catalogue',
});
