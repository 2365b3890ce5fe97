import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { MAX_COHORT, TouchpointInput, Promotion } from '../../schemas/cadence';

export const create = defineOperation({
  id: 'promotion.create',
  kind: 'mutation',
  summary:
    'Creates a promotion over a persisted cohort of leads with time-locked touchpoints, snapping it onto matching lead stages.',
  input: z
    .object({
      pipelineId: Id,
      name: z.string().trim().min(1).max(200),
      endDate: Timestamp,
      touchpoints: z.array(TouchpointInput).min(1).max(20),
      leadIds: z.array(Id).min(1).max(MAX_COHORT),
      /** Snap touchpoints onto cohort leads whose upcoming stage falls within the snap window. */
      snap: z.boolean().default(true),
      /** A touchpoint snaps onto a lead stage due within this many days of it. */
      snapWindowDays: z.number().int().min(0).max(30).default(2),
    })
    .refine(
      (v) =>
        v.touchpoints === undefined ||
        v.endDate === undefined ||
        v.touchpoints.every((t) => Date.parse(t.scheduledAt) <= Date.parse(v.endDate!)),
      {
        message: 'every touchpoint must be scheduled before the end date',
        path: ['touchpoints'],
      },
    ),
  output: Promotion,
  errors: ['reference_invalid', 'invalid_state'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
