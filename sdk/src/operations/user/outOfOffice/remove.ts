import { defineOperation } from '../../../contract/defineOperation';
import { ByIdInput } from '../../../contract/common';
import { OutOfOffice } from '../../../schemas/sequence';

export const remove = defineOperation({
  id: 'user.outOfOffice.remove',
  kind: 'mutation',
  summary: "Removes an out-of-office period: the caller's own, or another user's with `user.manage`.",
  input: ByIdInput,
  output: OutOfOffice,
  errors: ['not_found'],
  permission: 'self',
  emits: [],
  source: 'project',
});
