import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { MAX_COHORT, RestoreResult } from '../../schemas/cadence';

export const restore = defineOperation({
  id: 'promotion.restore',
  kind: 'mutation',
  summary: 'Restores snapped leads of a promotion early, each exactly from its pre-promotion snapshot.',
  input: z.object({
    id: Id,
    /** Omitted: every snapped lead of the promotion. */
    leadIds: z.array(Id).min(1).max(MAX_COHORT).optional(),
  }),
  output: RestoreResult,
  errors: ['not_found', 'invalid_state'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
