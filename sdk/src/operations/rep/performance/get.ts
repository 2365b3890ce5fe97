import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { DateRange, Id, QueryList } from '../../../contract/common';
import { RepPerformanceReport } from '../../../schemas/analytics';

/**
 * Rep performance for a period; without `userIds`, the caller's team (their reports through `managerId`,
 * transitively, plus themself when they sell), or every seller for a manager without a team or asking `team: 'all'`.
 */
export const get = defineOperation({
  id: 'rep.performance.get',
  kind: 'query',
  summary:
    "Answers rep performance for a period (by default the caller's team): mail, call and task volumes, SLA adherence, meetings booked and win rates.",
  input: z.object({
    /**
     * Omitted: see `team`. Asking for someone who is neither the caller nor on their team needs the right to act on
     * others' records (a manager; 403 otherwise).
     */
    userIds: QueryList(Id).optional(),
    /**
     * Used when `userIds` is omitted. `mine`: the caller's team, i.e. every active user reporting to them directly or
     * through others, plus the caller when they hold a selling role (the caller alone with nobody reporting to them).
     * `all`: every active user with a selling role (a manager only, 403 otherwise). Omitted: `mine` when the caller
     * has a team or may not act on others' records, else `all` (an admin, or a manager without a team set up yet).
     */
    team: z.enum(['mine', 'all']).optional(),
    period: DateRange,
    clientId: Id.optional(),
  }),
  output: RepPerformanceReport,
  errors: ['reference_invalid', 'forbidden'],
  permission: 'analytics.read',
  emits: [],
  source: 'spec',
});
