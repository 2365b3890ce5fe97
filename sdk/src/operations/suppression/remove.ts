import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput } from '../../contract/common';
import { Suppression } from '../../schemas/sequence';

export const remove = defineOperation({
  id: 'suppression.remove',
  kind: 'mutation',
  summary: 'Removes an entry from the suppression list.',
  input: ByIdInput,
  output: Suppression,
  errors: ['not_found'],
  permission: 'suppression.manage',
  flag: 'sequences',
  emits: [],
  source: 'catalogue',
});
