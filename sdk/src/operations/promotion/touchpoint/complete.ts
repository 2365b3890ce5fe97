import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { TouchpointStatus } from '../../../schemas/cadence';

export const complete = defineOperation({
  id: 'promotion.touchpoint.complete',
  kind: 'mutation',
  summary:
    'Marks one lead done at one touchpoint; once every touchpoint of a snapped lead is resolved, its replaced stage counts as done.',
  input: z.object({ promotionId: Id, touchpointId: Id, leadId: Id }),
  output: TouchpointStatus,
  errors: ['not_found', 'invalid_state'],
  permission: 'lead.work',
  emits: [],
  source: 'catalogue',
});
