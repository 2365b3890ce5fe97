import { featureFlags } from '@pivotal-pm/sdk';
import type { Handler } from '#http/types';
import { presentFlag, type FeatureFlagRow } from '#domains/admin/presenters';
import { assertTenantWide, loadTenantSettings } from '#domains/admin/tenantSettings';

/** Lists every feature flag of the contract with the tenant's state (a flag never set is on, as at run time). */
export const featureFlagList: Handler<'featureFlag.list'> = async (_input, ctx) => {
  assertTenantWide(ctx);
  const tenant = await loadTenantSettings(ctx, false);
  const rows = (await ctx
    .trx('featureFlags')
    .where({ tenantId: tenant.id })
    .select('flag', 'enabled', 'updatedAt')) as FeatureFlagRow[];
  const byFlag = new Map(rows.map((r) => [r.flag, r]));
  return featureFlags.map((flag) =>
    presentFlag(byFlag.get(flag) ?? { flag, enabled: true, updatedAt: tenant.createdAt }),
  );
};
