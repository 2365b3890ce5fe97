import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { MAX_COHORT, TouchpointInput, PromotionPreview } from '../../schemas/cadence';

export const preview = defineOperation({
  id: 'promotion.preview',
  kind: 'query',
  summary: 'Answers which leads a promotion would snap, and why the others would not, before it is saved.',
  input: z.object({
    pipelineId: Id,
    touchpoints: z.array(TouchpointInput).min(1).max(20),
    leadIds: z.array(Id).min(1).max(MAX_COHORT),
    /** A touchpoint snaps onto a lead stage due within this many days of it. */
    snapWindowDays: z.number().int().min(0).max(30).default(2),
  }),
  output: PromotionPreview,
  errors: ['reference_invalid'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
