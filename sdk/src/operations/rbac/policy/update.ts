import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion } from '../../../contract/common';
import { RbacPolicy } from '../../../schemas/admin';
import { PermissionName, RoleName } from '../../../schemas/directory';

export const update = defineOperation({
  id: 'rbac.policy.update',
  kind: 'mutation',
  summary: "Replaces one role's grants and revokes over the base matrix (admin's rbac.manage cannot be revoked).",
  input: z
    .object({
      role: RoleName,
      grant: z.array(PermissionName).max(100).default([]),
      revoke: z.array(PermissionName).max(100).default([]),
      expectedVersion: ExpectedVersion,
    })
    .refine((v) => !v.grant.some((p) => v.revoke.includes(p)), {
      message: 'a permission cannot be both granted and revoked',
      path: ['revoke'],
    })
    .refine((v) => !v.revoke.includes('self'), { message: 'self cannot be revoked', path: ['revoke'] }),
  output: RbacPolicy,
  errors: ['invalid_state', 'version_conflict'],
  permission: 'rbac.manage',
  emits: [],
  source: 'spec',
});
