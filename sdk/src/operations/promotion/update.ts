import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../contract/common';
import { MAX_COHORT, TouchpointInput, Promotion } from '../../schemas/cadence';

export const update = defineOperation({
  id: 'promotion.update',
  kind: 'mutation',
  summary:
    "Changes a promotion's name, end date, touchpoints or cohort, updating every schedule and snap derived from them.",
  input: z
    .object({
      id: Id,
      name: z.string().trim().min(1).max(200).optional(),
      endDate: Timestamp.optional(),
      /** Touchpoints with an `id` keep their identity (and per-lead status); the others are new. */
      touchpoints: z
        .array(TouchpointInput.extend({ id: Id.optional() }))
        .min(1)
        .max(20)
        .optional(),
      leadIds: z.array(Id).min(1).max(MAX_COHORT).optional(),
      snapWindowDays: z.number().int().min(0).max(30).optional(),
      expectedVersion: ExpectedVersion,
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
  errors: ['not_found', 'version_conflict', 'invalid_state', 'reference_invalid'],
  permission: 'promotion.manage',
  emits: [],
  source: 'catalogue',
});
