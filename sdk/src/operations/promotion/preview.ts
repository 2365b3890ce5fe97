import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { PromotionPreview } from '../../schemas/cadence';

/** A touchpoint as written by the caller (its date is time-locked once saved). */
const TouchpointInput = z.object({
  name: z.string().trim().min(1).max(200),
  scheduledAt: Timestamp,
  channel: z.enum(['email', 'call', 'linkedin', 'task', 'other']).default('email'),
  templateId: z.string().min(1).max(100).optional(),
  notes: z.string().max(2000).optional(),
});

/** Answers which leads a promotion would snap, and why the others would not, before it is saved. */
export const preview = defineOperation({
  id: 'promotion.preview',
  kind: 'query',
  summary: 'Answers which leads a promotion would snap, and why the others would not, before it is saved.',
  input: z.object({
    pipelineId: Id,
    touchpoints: z.array(TouchpointInput).min(1).max(20),
    leadIds: z.array(Id).min(1).max(5000),
    /** A touchpoint snaps onto a lead stage due within this many days of it. */
    snapWindowDays: z.number().int().min(0).max(30).default(2),
  }),
  output: PromotionPreview,
  errors: ['reference_invalid'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
