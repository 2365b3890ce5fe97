import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Pipeline } from '../../schemas/pipeline';

export const get = defineOperation({
  id: 'pipeline.get',
  kind: 'query',
  summary: 'Gets one pipeline with its stage order and SLA policy.',
  input: ByIdInput,
  output: Pipeline,
  errors: ['not_found'],
  permission: 'pipeline.read',
  flag: 'pipeline',
  emits: [],
  source: 'spec',
});
