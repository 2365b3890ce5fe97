import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Currency, DateRange, Id } from '../../contract/common';
import { Rollup } from '../../schemas/analytics';

export const get = defineOperation({
  id: 'rollup.get',
  kind: 'query',
  summary:
    'Answers client and project rollups (open, weighted, won, lost and engagement figures) for agency reporting.',
  input: z.object({
    clientId: Id.optional(),
    projectId: Id.optional(),
    /** Omitted: the current quarter. */
    period: DateRange.optional(),
    currency: Currency.optional(),
  }),
  output: Rollup,
  errors: ['reference_invalid'],
  permission: 'analytics.read',
  emits: [],
  source: 'catalogue',
});
