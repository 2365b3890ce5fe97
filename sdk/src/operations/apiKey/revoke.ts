import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { ApiKey } from '../../schemas/admin';

export const revoke = defineOperation({
  id: 'apiKey.revoke',
  kind: 'mutation',
  summary: 'Revokes an API key; requests made with it fail from then on.',
  input: ByIdInput,
  output: ApiKey,
  errors: ['not_found', 'invalid_state'],
  permission: 'apiKey.manage',
  emits: [],
  source: 'catalogue',
});
