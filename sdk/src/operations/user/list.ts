import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean } from '../../contract/common';
import { RoleName, User } from '../../schemas/directory';

export const list = defineOperation({
  id: 'user.list',
  kind: 'query',
  summary: 'Lists the people of the tenant, filtered by name or e-mail, role, client and active state.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    role: RoleName.optional(),
    clientId: Id.optional(),
    active: QueryBoolean.optional(),
    ...pageInput,
  }),
  output: page(User),
  errors: [],
  permission: 'directory.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
