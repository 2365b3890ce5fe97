import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, pageInput, page, QueryBoolean } from '../../../contract/common';
import { OutOfOffice } from '../../../schemas/sequence';

export const list = defineOperation({
  id: 'user.outOfOffice.list',
  kind: 'query',
  summary:
    "Lists out-of-office periods by start, the caller's own unless `userId` names another user (which needs `user.manage`); periods already over are left out unless `includePast`.",
  input: z.object({ userId: Id.optional(), includePast: QueryBoolean.default(false), ...pageInput }),
  output: page(OutOfOffice),
  errors: ['not_found'],
  permission: 'self',
  emits: [],
  list: true,
  source: 'project',
});
