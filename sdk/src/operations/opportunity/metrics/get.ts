import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { OpportunityMetrics } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'opportunity.metrics.get',
  kind: 'query',
  summary: "Answers one opportunity's health: days open and in stage, stage history, engagement, score and SLA state.",
  input: z.object({ opportunityId: Id }),
  output: OpportunityMetrics,
  errors: ['not_found'],
  permission: 'analytics.read',
  flag: 'pipeline',
  emits: [],
  source: 'spec',
});
