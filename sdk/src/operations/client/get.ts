import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Client } from '../../schemas/client';

export const get = defineOperation({
  id: 'client.get',
  kind: 'query',
  summary: 'Gets one client of the agency.',
  input: ByIdInput,
  output: Client,
  errors: ['not_found'],
  permission: 'client.read',
  emits: [],
  source: 'catalogue',
});
