import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { DateOnly, Id } from '../../../contract/common';
import { SequenceMetrics } from '../../../schemas/analytics';

export const get = defineOperation({
  id: 'sequence.metrics.get',
  kind: 'query',
  summary: "Answers a sequence's enrollment counts and step performance (human opens and clicks only).",
  input: z.object({ sequenceId: Id, from: DateOnly.optional(), to: DateOnly.optional() }),
  output: SequenceMetrics,
  errors: ['not_found'],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
