import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { LeadDetail } from '../../schemas/cadence';

export const get = defineOperation({
  id: 'lead.get',
  kind: 'query',
  summary: 'Gets one lead with its schedule, its promotion lock and the explicit releases of past locks.',
  input: ByIdInput,
  output: LeadDetail,
  errors: ['not_found'],
  permission: 'lead.read',
  emits: [],
  source: 'catalogue',
});
