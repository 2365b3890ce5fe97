import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id, TimeOfDay, TimeZone } from '../../contract/common';
import { Cadence, CadenceStages } from '../../schemas/cadence';

export const update = defineOperation({
  id: 'cadence.update',
  kind: 'mutation',
  summary: "Changes a pipeline's lead cadence: stage offsets, day start time, time zone or nightly rollover.",
  input: z.object({
    pipelineId: Id,
    stages: CadenceStages.optional(),
    dayStartTime: TimeOfDay.optional(),
    timeZone: TimeZone.optional(),
    rollover: z.boolean().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Cadence,
  errors: ['not_found', 'version_conflict', 'invalid_state'],
  permission: 'cadence.manage',
  emits: [],
  source: 'catalogue',
});
