import { z } from 'zod';
import { AudienceQuery } from '../../schemas/audience';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Cooldowns, Guardrails, SendWindow, Sequence, SequenceGoal, StopRules } from '../../schemas/sequence';
import { SequenceSteps } from '../../schemas/sequenceStep';

export const update = defineOperation({
  id: 'sequence.update',
  kind: 'mutation',
  summary: "Changes a sequence's name, goal, steps, audience, send window, cooldowns, guardrails or active state.",
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    goal: SequenceGoal.optional(),
    steps: SequenceSteps.optional(),
    audience: AudienceQuery.optional(),
    sendWindow: SendWindow.optional(),
    cooldowns: Cooldowns.optional(),
    guardrails: Guardrails.optional(),
    stopRules: StopRules.optional(),
    exclusive: z.boolean().optional(),
    /** Move live enrollments onto the new definition version (default: they stay on theirs). */
    migrateEnrollments: z.boolean().default(false),
    active: z.boolean().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Sequence,
  errors: ['not_found', 'version_conflict', 'invalid_state', 'reference_invalid'],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
