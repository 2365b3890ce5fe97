import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { TouchpointStatus } from '../../../schemas/cadence';

export const skip = defineOperation({
  id: 'promotion.touchpoint.skip',
  kind: 'mutation',
  summary:
    'Marks one lead skipped at one touchpoint; once every touchpoint of a snapped lead is resolved, its replaced stage counts as done.',
  input: z.object({
    promotionId: Id,
    touchpointId: Id,
    leadId: Id,
    reason: z.string().trim().max(500).optional(),
  }),
  output: TouchpointStatus,
  errors: ['not_found', 'invalid_state'],
  permission: 'lead.work',
  emits: [],
  source: 'catalogue',
});
