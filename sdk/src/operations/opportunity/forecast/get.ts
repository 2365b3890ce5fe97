import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Currency, DateRange, Id } from '../../../contract/common';
import { Forecast } from '../../../schemas/forecast';

export const get = defineOperation({
  id: 'opportunity.forecast.get',
  kind: 'query',
  summary:
    'Forecasts open opportunities in one currency (amount, weighted, and commit: open ones with probability >= 0.9 or the tag `commit`) in total and by stage, owner, client and project.',
  input: z.object({
    pipelineId: Id.optional(),
    clientId: Id.optional(),
    projectId: Id.optional(),
    ownerId: Id.optional(),
    /** Close-date range; omitted: every open opportunity. */
    period: DateRange.optional(),
    /** Only opportunities in this currency are summed (no FX); omitted: the pipeline's or tenant's default. */
    currency: Currency.optional(),
  }),
  output: Forecast,
  errors: ['reference_invalid'],
  permission: 'forecast.read',
  flag: 'pipeline',
  emits: [],
  source: 'spec',
});
