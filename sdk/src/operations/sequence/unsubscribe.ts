import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { UnsubscribeResult } from '../../schemas/sequence';

export const unsubscribe = defineOperation({
  id: 'sequence.unsubscribe',
  kind: 'mutation',
  summary:
    'Unsubscribes a contact from one sequence, or from every sequence (opting the contact out) when no sequence is given.',
  input: z.object({
    contactId: Id,
    /** Omitted: every sequence, and the contact is opted out. */
    sequenceId: Id.optional(),
    reason: z.string().trim().max(500).optional(),
  }),
  output: UnsubscribeResult,
  errors: ['not_found'],
  permission: 'sequence.enroll',
  flag: 'sequences',
  emits: ['sequence.completed'],
  source: 'spec',
});
