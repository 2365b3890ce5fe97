import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { Cooldowns, Guardrails, SendWindow, SimulationResult } from '../../schemas/sequence';
import { SequenceSteps } from '../../schemas/sequenceStep';

export const simulate = defineOperation({
  id: 'sequence.simulate',
  kind: 'query',
  summary:
    'Dry-runs a saved or draft sequence over a cohort and answers the exact schedule each contact would get under the guardrails.',
  input: z
    .object({
      sequenceId: Id.optional(),
      /** With `sequenceId`: the definition version to run (omitted: the current one). */
      version: z.number().int().min(1).optional(),
      draft: z
        .object({ steps: SequenceSteps, sendWindow: SendWindow, cooldowns: Cooldowns, guardrails: Guardrails })
        .optional(),
      /** The cohort, in the order the runner would serve contacts due at the same time. */
      contactIds: z.array(Id).min(1).max(1000).optional(),
      /** Instead of `contactIds`: the first contacts (by id, at most 1,000) of the saved sequence's audience. */
      fromAudience: z.literal(true).optional(),
      /** Whose mailbox sends and whose out-of-office applies. Omitted: the caller (as `sequence.enroll`). */
      ownerId: Id.optional(),
      /** Omitted: now. */
      startAt: Timestamp.optional(),
    })
    .refine((v) => (v.sequenceId === undefined) !== (v.draft === undefined), {
      message: 'give exactly one of sequenceId or draft',
      path: ['sequenceId'],
    })
    .refine((v) => (v.contactIds === undefined) !== (v.fromAudience === undefined), {
      message: 'give exactly one of contactIds or fromAudience',
      path: ['contactIds'],
    })
    .refine((v) => v.fromAudience === undefined || v.sequenceId !== undefined, {
      message: '`fromAudience` needs a `sequenceId` (a draft has no saved audience)',
      path: ['fromAudience'],
    })
    .refine((v) => v.version === undefined || v.sequenceId !== undefined, {
      message: '`version` needs a `sequenceId`',
      path: ['version'],
    }),
  output: SimulationResult,
  errors: ['not_found', 'reference_invalid'],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  source: 'catalogue',
});
