import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Opportunity } from '../../schemas/opportunity';

export const win = defineOperation({
  id: 'opportunity.win',
  kind: 'mutation',
  summary: "Closes an opportunity as won with a reason, moving it to the pipeline's won stage when it has one.",
  input: z.object({
    id: Id,
    reason: z.string().trim().min(1).max(500),
    expectedVersion: ExpectedVersion,
  }),
  output: Opportunity,
  errors: ['not_found', 'opportunity_closed', 'version_conflict'],
  permission: 'opportunity.write',
  flag: 'pipeline',
  emits: ['opportunity.won', 'opportunity.stageChanged'],
  source: 'spec',
});
