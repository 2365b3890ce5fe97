import type { Handler } from '#http/types';
import { presentFlag, type FeatureFlagRow } from '#domains/admin/presenters';
import { assertTenantWide, invalidateTenantRuntime } from '#domains/admin/tenantSettings';

/** Enables or disables a feature flag for the tenant; operations it gates answer accordingly on the next request. */
export const featureFlagUpdate: Handler<'featureFlag.update'> = async (input, ctx) => {
  assertTenantWide(ctx);
  const tenantId = ctx.principal.tenantId;
  const previous = (await ctx
    .trx('featureFlags')
    .where({ tenantId, flag: input.flag })
    .forUpdate()
    .first('enabled')) as Pick<FeatureFlagRow, 'enabled'> | undefined;
  const [row] = (await ctx
    .trx('featureFlags')
    .insert({ tenantId, flag: input.flag, enabled: input.enabled, updatedAt: ctx.now })
    .onConflict(['tenantId', 'flag'])
    .merge(['enabled', 'updatedAt'])
    .returning(['flag', 'enabled', 'updatedAt'])) as FeatureFlagRow[];
  const after = presentFlag(row!);
  // A flag never set is on (the runtime default).
  await ctx.audit({
    targetType: 'featureFlag',
    targetId: input.flag,
    before: { flag: input.flag, enabled: previous?.enabled ?? true },
    after,
  });
  invalidateTenantRuntime(ctx);
  return after;
};
