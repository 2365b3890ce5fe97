import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { NextBestAction } from '../../schemas/analytics';

export const get = defineOperation({
  id: 'nextBestAction.get',
  kind: 'query',
  summary:
    'Answers Next Best Action recommendations for an opportunity from recency, multi-threading and sequence progress.',
  input: z.object({ opportunityId: Id }),
  output: NextBestAction,
  errors: ['not_found', 'upstream_failed'],
  permission: 'opportunity.read',
  flag: 'ai_assist',
  emits: [],
  source: 'catalogue',
});
