import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { ByIdInput, Id } from '../../contract/common';

export const deleteOp = defineOperation({
  id: 'webhook.delete',
  kind: 'mutation',
  summary: 'Deletes a webhook subscription; pending deliveries to it are dropped.',
  input: ByIdInput,
  output: z.object({ id: Id, deleted: z.literal(true) }),
  errors: ['not_found'],
  permission: 'webhook.manage',
  emits: [],
  source: 'catalogue',
});
