import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { RbacPolicy } from '../../../schemas/admin';

export const get = defineOperation({
  id: 'rbac.policy.get',
  kind: 'query',
  summary: "Gets the tenant's RBAC policy: per-role grants and revokes over the base matrix, and the effective matrix.",
  input: z.object({}),
  output: RbacPolicy,
  errors: [],
  permission: 'rbac.manage',
  emits: [],
  source: 'catalogue',
});
