import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../contract/common';
import { Pipeline } from '../../schemas/pipeline';

export const archive = defineOperation({
  id: 'pipeline.archive',
  kind: 'mutation',
  summary: 'Archives a pipeline (sets it inactive); its opportunities stay readable.',
  input: z.object({ id: Id, expectedVersion: ExpectedVersion }),
  output: Pipeline,
  errors: ['not_found', 'version_conflict', 'pipeline_archived'],
  permission: 'pipeline.manage',
  flag: 'pipeline',
  emits: ['pipeline.updated'],
  source: 'spec',
});
