import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Sequence } from '../../schemas/sequence';

export const get = defineOperation({
  id: 'sequence.get',
  kind: 'query',
  summary: 'Gets one sequence with its steps.',
  input: ByIdInput,
  output: Sequence,
  errors: ['not_found'],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  source: 'spec',
});
