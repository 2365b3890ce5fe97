import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, StageKey, Timestamp } from '../../contract/common';
import { Lead, LeadState } from '../../schemas/cadence';

export const update = defineOperation({
  id: 'lead.update',
  kind: 'mutation',
  summary:
    'Edits a lead by hand: name and owner freely; stage, state or next action only when no promotion locks it (or with `force`, recorded as an explicit release of the lock).',
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    ownerId: Id.optional(),
    /** A new stage; without `nextActionAt`, its due time is computed from the stage's offset and now. */
    stageKey: StageKey.optional(),
    state: LeadState.optional(),
    nextActionAt: Timestamp.optional(),
    /** Change the schedule of a lead a promotion has locked anyway, recorded as an explicit release of the lock. */
    force: z.boolean().default(false),
    expectedVersion: ExpectedVersion,
  }),
  output: Lead,
  errors: ['not_found', 'lead_locked', 'invalid_state', 'version_conflict', 'reference_invalid'],
  permission: 'lead.work',
  emits: [],
  source: 'catalogue',
});
