import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { ScoreResult } from '../../schemas/analytics';

export const compute = defineOperation({
  id: 'score.compute',
  kind: 'mutation',
  summary: 'Recomputes the scores of the given opportunities and contacts now, with the factors behind each.',
  input: z
    .object({
      opportunityIds: z.array(Id).max(500).default([]),
      contactIds: z.array(Id).max(500).default([]),
    })
    .refine((v) => v.opportunityIds.length + v.contactIds.length > 0, {
      message: 'give at least one opportunityId or contactId',
      path: ['opportunityIds'],
    }),
  output: z.object({ scores: z.array(ScoreResult) }),
  errors: ['reference_invalid'],
  permission: 'score.manage',
  emits: ['score.updated'],
  source: 'spec',
});
