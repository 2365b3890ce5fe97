import type { Handler } from '#http/types';
import { presentPolicy, rbacMeta } from '#domains/admin/rbacPolicy';
import { assertTenantWide, loadTenantSettings } from '#domains/admin/tenantSettings';

/** Gets the tenant's RBAC policy: per-role grants and revokes over the base matrix, and the effective matrix. */
export const rbacPolicyGet: Handler<'rbac.policy.get'> = async (_input, ctx) => {
  assertTenantWide(ctx);
  const tenant = await loadTenantSettings(ctx, false);
  return presentPolicy(tenant.id, tenant.settings.rbac, rbacMeta(tenant));
};
