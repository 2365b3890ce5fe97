import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { User } from '../../schemas/directory';

export const get = defineOperation({
  id: 'user.get',
  kind: 'query',
  summary: 'Gets one person of the tenant with their roles and client scope.',
  input: ByIdInput,
  output: User,
  errors: ['not_found'],
  permission: 'directory.read',
  emits: [],
  source: 'catalogue',
});
