import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Opportunity } from '../../schemas/opportunity';

export const get = defineOperation({
  id: 'opportunity.get',
  kind: 'query',
  summary: 'Gets one opportunity.',
  input: ByIdInput,
  output: Opportunity,
  errors: ['not_found'],
  permission: 'opportunity.read',
  flag: 'pipeline',
  emits: [],
  source: 'spec',
});
