import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Currency, DateRange, Id } from '../../../contract/common';
import { ForecastSnapshot } from '../../../schemas/forecast';

export const create = defineOperation({
  id: 'forecast.snapshot.create',
  kind: 'mutation',
  summary: 'Freezes the current forecast of a scope and period, with its diff against the previous snapshot.',
  input: z.object({
    pipelineId: Id.optional(),
    clientId: Id.optional(),
    projectId: Id.optional(),
    period: DateRange,
    label: z.string().trim().min(1).max(100).optional(),
    currency: Currency.optional(),
  }),
  output: ForecastSnapshot,
  errors: ['reference_invalid'],
  permission: 'forecast.manage',
  flag: 'pipeline',
  emits: [],
  source: 'catalogue',
});
