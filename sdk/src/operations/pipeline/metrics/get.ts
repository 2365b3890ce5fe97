import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { DateRange, Id } from '../../../contract/common';
import { PipelineMetrics } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'pipeline.metrics.get',
  kind: 'query',
  summary:
    'Answers pipeline analytics: stage counts, conversion, velocity, weighted and commit forecasts, and win/loss by reason.',
  input: z.object({
    pipelineId: Id,
    /** Omitted: the last 90 days (UTC). Amounts are in the pipeline's default currency (others are not summed). */
    period: DateRange.optional(),
    ownerId: Id.optional(),
    clientId: Id.optional(),
    projectId: Id.optional(),
  }),
  output: PipelineMetrics,
  errors: ['not_found', 'reference_invalid'],
  permission: 'analytics.read',
  flag: 'pipeline',
  emits: [],
  source: 'spec',
});
