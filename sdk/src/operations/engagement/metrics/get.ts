import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { DateRange, Id } from '../../../contract/common';
import { EngagementMetrics } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'engagement.metrics.get',
  kind: 'query',
  summary:
    'Answers engagement analytics for a period: human versus raw opens and clicks, replies, connect and meeting-set rates.',
  input: z.object({
    period: DateRange,
    pipelineId: Id.optional(),
    sequenceId: Id.optional(),
    ownerId: Id.optional(),
    clientId: Id.optional(),
  }),
  output: EngagementMetrics,
  errors: ['reference_invalid'],
  permission: 'analytics.read',
  emits: [],
  source: 'catalogue',
});
