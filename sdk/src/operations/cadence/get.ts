import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { Cadence } from '../../schemas/cadence';

export const get = defineOperation({
  id: 'cadence.get',
  kind: 'query',
  summary:
    "Gets a pipeline's lead cadence (stage offsets, day start time, rollover), or the defaults when none is saved.",
  input: z.object({ pipelineId: Id }),
  output: Cadence,
  errors: ['not_found'],
  permission: 'lead.read',
  emits: [],
  source: 'catalogue',
});
