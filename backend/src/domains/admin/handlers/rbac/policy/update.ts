import type { Permission } from '@pivotal-pm/sdk';
import { ApiError } from '#http/errors';
import type { RbacOverrides } from '#http/tenantRuntime';
import type { Handler } from '#http/types';
import { isClientRole, notForClientRoles, presentPolicy, rbacMeta, roleOverride } from '#domains/admin/rbacPolicy';
import {
  assertTenantWide,
  checkVersion,
  invalidateTenantRuntime,
  loadTenantSettings,
  mergeTenantSettings,
} from '#domains/admin/tenantSettings';

const unique = (list: readonly Permission[]) => [...new Set(list)].sort();

/**
 * Replaces one role's grants and revokes over the base matrix. Admin's rbac.manage cannot be revoked and client
 * roles cannot be given tenant administration or mailboxes (409 invalid_state). Takes effect on the next request.
 */
export const rbacPolicyUpdate: Handler<'rbac.policy.update'> = async (input, ctx) => {
  assertTenantWide(ctx);
  if (input.role === 'admin' && input.revoke.includes('rbac.manage')) {
    throw new ApiError('invalid_state', "Admin's rbac.manage cannot be revoked: nobody could manage roles any more");
  }
  const refused = isClientRole(input.role) ? input.grant.filter((p) => notForClientRoles.includes(p)) : [];
  if (refused.length > 0) {
    throw new ApiError('invalid_state', `A client role cannot be granted ${refused.join(', ')}`, {
      permissions: refused,
    });
  }
  const tenant = await loadTenantSettings(ctx, true);
  const meta = rbacMeta(tenant);
  checkVersion('The RBAC policy', meta, input.expectedVersion);

  const overrides: RbacOverrides = { ...tenant.settings.rbac };
  const before = { role: input.role, ...roleOverride(overrides, input.role) };
  const after = { role: input.role, grant: unique(input.grant), revoke: unique(input.revoke) };
  if (after.grant.length === 0 && after.revoke.length === 0) delete overrides[input.role];
  else overrides[input.role] = { grant: after.grant, revoke: after.revoke };
  const nextMeta = { version: meta.version + 1, updatedAt: ctx.now.toISOString() };

  await mergeTenantSettings(ctx, { rbac: overrides, rbacMeta: nextMeta });
  await ctx.audit({ targetType: 'rbacPolicy', targetId: input.role, before, after });
  invalidateTenantRuntime(ctx);
  return presentPolicy(tenant.id, overrides, nextMeta);
};
