import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Account } from '../../schemas/crm';

export const get = defineOperation({
  id: 'account.get',
  kind: 'query',
  summary: 'Gets one account.',
  input: ByIdInput,
  output: Account,
  errors: ['not_found'],
  permission: 'account.read',
  emits: [],
  source: 'catalogue',
});
