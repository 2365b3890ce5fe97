import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Me } from '../../schemas/directory';

export const get = defineOperation({
  id: 'me.get',
  kind: 'query',
  summary: "Answers the caller's user, tenant, roles, client scope, effective permissions and enabled feature flags.",
  input: z.object({}),
  output: Me,
  errors: [],
  permission: 'self',
  emits: [],
  source: 'catalogue',
});
