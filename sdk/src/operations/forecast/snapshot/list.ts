import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput, Timestamp } from '../../../contract/common';
import { ForecastSnapshot } from '../../../schemas/forecast';

export const list = defineOperation({
  id: 'forecast.snapshot.list',
  kind: 'query',
  summary: 'Lists frozen forecast snapshots, newest first, filtered by scope and when they were taken.',
  input: z.object({
    pipelineId: Id.optional(),
    clientId: Id.optional(),
    projectId: Id.optional(),
    takenFrom: Timestamp.optional(),
    takenTo: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(ForecastSnapshot),
  errors: [],
  permission: 'forecast.read',
  flag: 'pipeline',
  emits: [],
  list: true,
  source: 'catalogue',
});
