import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { DateRange, Id, QueryList } from '../../../contract/common';
import { RepPerformanceReport } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'rep.performance.get',
  kind: 'query',
  summary:
    'Answers rep performance for a period: mail, call and task volumes, SLA adherence, meetings booked and win rates.',
  input: z.object({
    /**
     * Omitted: the caller; for a manager (who may act on others' records), every active user with a selling role.
     * Asking for someone else needs that same right (403 otherwise).
     */
    userIds: QueryList(Id).optional(),
    period: DateRange,
    clientId: Id.optional(),
  }),
  output: RepPerformanceReport,
  errors: ['reference_invalid', 'forbidden'],
  permission: 'analytics.read',
  emits: [],
  source: 'spec',
});
