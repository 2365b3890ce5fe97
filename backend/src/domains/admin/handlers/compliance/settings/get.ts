import type { Handler } from '#http/types';
import { readCompliance } from '#domains/admin/complianceSettings';
import { assertTenantWide, loadTenantSettings } from '#domains/admin/tenantSettings';

/** Gets the tenant's compliance settings: the defaults merged with what was stored in `tenants.settings.compliance`. */
export const complianceSettingsGet: Handler<'compliance.settings.get'> = async (_input, ctx) => {
  assertTenantWide(ctx);
  return readCompliance(await loadTenantSettings(ctx, false));
};
