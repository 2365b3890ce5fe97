import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Opportunity } from '../../schemas/opportunity';

export const lose = defineOperation({
  id: 'opportunity.lose',
  kind: 'mutation',
  summary: "Closes an opportunity as lost with a reason, moving it to the pipeline's lost stage when it has one.",
  input: z.object({
    id: Id,
    reason: z.string().trim().min(1).max(500),
    expectedVersion: ExpectedVersion,
  }),
  output: Opportunity,
  errors: ['not_found', 'opportunity_closed', 'version_conflict'],
  permission: 'opportunity.write',
  flag: 'pipeline',
  emits: ['opportunity.lost', 'opportunity.stageChanged'],
  source: 'spec',
});
