import { z } from 'zod';
import { AudienceQuery } from '../../schemas/audience';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { Cooldowns, Guardrails, SendWindow, Sequence, SequenceGoal, StopRules } from '../../schemas/sequence';
import { SequenceSteps } from '../../schemas/sequenceStep';

export const create = defineOperation({
  id: 'sequence.create',
  kind: 'mutation',
  summary: 'Creates a sequence: its steps, audience, send window, cooldowns and guardrails.',
  input: z.object({
    name: z.string().trim().min(1).max(200),
    goal: SequenceGoal,
    steps: SequenceSteps,
    audience: AudienceQuery.default({ match: 'all', conditions: [] }),
    sendWindow: SendWindow,
    cooldowns: Cooldowns.default({ perContact: 'PT24H', perSequence: 'PT12H' }),
    guardrails: Guardrails.default({ unsubscribe: true, dailyCap: 200, respectOptOut: true }),
    stopRules: StopRules.default({ stageChanged: true, meetingBooked: true }),
    exclusive: z.boolean().default(false),
    clientId: Id.nullable().optional(),
  }),
  output: Sequence,
  errors: ['reference_invalid'],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
