import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Promotion } from '../../schemas/cadence';

export const get = defineOperation({
  id: 'promotion.get',
  kind: 'query',
  summary: 'Gets one promotion with its touchpoints, cohort and per-touchpoint progress.',
  input: ByIdInput,
  output: Promotion,
  errors: ['not_found'],
  permission: 'lead.read',
  emits: [],
  source: 'catalogue',
});
