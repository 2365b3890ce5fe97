import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { NextAction } from '../../../schemas/sequence';

export const nextAction = defineOperation({
  id: 'sequence.run.nextAction',
  kind: 'query',
  summary: 'Answers what the sequence runner will do next for an enrollment, when, and which guardrails hold it back.',
  input: z.object({ enrollmentId: Id }),
  output: NextAction,
  errors: ['not_found'],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
