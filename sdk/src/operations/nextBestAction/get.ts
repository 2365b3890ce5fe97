import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { NextBestAction } from '../../schemas/analytics';

export const get = defineOperation({
  id: 'nextBestAction.get',
  kind: 'query',
  summary:
    'Answers Next Best Action recommendations for an opportunity from recency, multi-threading and sequence progress.',
  input: z.object({
    /** Omitted: the caller's day, the most pressing actions across their open opportunities. */
    opportunityId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  }),
  output: NextBestAction,
  errors: ['not_found', 'upstream_failed'],
  permission: 'opportunity.read',
  flag: 'ai_assist',
  emits: [],
  source: 'catalogue',
});
