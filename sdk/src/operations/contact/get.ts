import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Contact } from '../../schemas/crm';

export const get = defineOperation({
  id: 'contact.get',
  kind: 'query',
  summary: 'Gets one contact.',
  input: ByIdInput,
  output: Contact,
  errors: ['not_found'],
  permission: 'contact.read',
  emits: [],
  source: 'catalogue',
});
