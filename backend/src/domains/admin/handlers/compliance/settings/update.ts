import type { Handler } from '#http/types';
import { mergeCompliance, readCompliance } from '#domains/admin/complianceSettings';
import { assertTenantWide, checkVersion, loadTenantSettings, mergeTenantSettings } from '#domains/admin/tenantSettings';

/**
 * Changes part of the tenant's compliance settings (each section merged field by field) and answers all of them.
 */
export const complianceSettingsUpdate: Handler<'compliance.settings.update'> = async (input, ctx) => {
  assertTenantWide(ctx);
  const tenant = await loadTenantSettings(ctx, true);
  const before = readCompliance(tenant);
  checkVersion('The compliance settings', before, input.expectedVersion);
  const after = mergeCompliance(before, input, { version: before.version + 1, updatedAt: ctx.now.toISOString() });
  const { tenantId: _tenantId, ...stored } = after;
  await mergeTenantSettings(ctx, { compliance: stored });
  await ctx.audit({ targetType: 'complianceSettings', targetId: tenant.id, before, after });
  return after;
};
