import { featureFlags, roleMatrix, roles, type FeatureFlag, type Permission, type Role } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { systemScope, withTenant } from '#db/tenantTx';

/** Per-role changes a tenant made to the base matrix (`rbac.policy.update`). */
export type RbacOverrides = Partial<Record<Role, { grant?: Permission[]; revoke?: Permission[] }>>;

/** What every request of a tenant needs: its feature flags and effective role matrix. */
export type TenantRuntime = {
  flags: Record<FeatureFlag, boolean>;
  matrix: Record<Role, readonly Permission[]>;
};

/** Applies a tenant's overrides to the base matrix; admin always keeps `rbac.manage` (no lock-out). */
export function effectiveMatrix(overrides: RbacOverrides | undefined): Record<Role, readonly Permission[]> {
  const out = {} as Record<Role, readonly Permission[]>;
  for (const role of roles) {
    const o = overrides?.[role];
    const set = new Set<Permission>(roleMatrix[role]);
    for (const p of o?.grant ?? []) set.add(p);
    for (const p of o?.revoke ?? []) set.delete(p);
    if (role === 'admin') set.add('rbac.manage');
    out[role] = [...set];
  }
  return out;
}

/** Loads a tenant's runtime settings straight from the database. */
export async function loadTenantRuntime(knex: Knex, tenantId: string): Promise<TenantRuntime> {
  return withTenant(
    knex,
    systemScope(tenantId),
    async (trx) => {
      const [tenant, flagRows] = await Promise.all([
        trx('tenants').where({ id: tenantId }).first('settings'),
        trx('featureFlags').where({ tenantId }).select('flag', 'enabled'),
      ]);
      const flags = Object.fromEntries(featureFlags.map((f) => [f, true])) as Record<FeatureFlag, boolean>;
      for (const r of flagRows as { flag: FeatureFlag; enabled: boolean }[])
        if (r.flag in flags) flags[r.flag] = r.enabled;
      const settings = (tenant?.settings ?? {}) as { rbac?: RbacOverrides };
      return { flags, matrix: effectiveMatrix(settings.rbac) };
    },
    { readOnly: true },
  );
}

/** A short-lived cache of tenant runtimes; local writes invalidate at once, other processes within `ttlMs`. */
export function createTenantRuntimeCache(knex: Knex, ttlMs = 5_000) {
  const cache = new Map<string, { value: Promise<TenantRuntime>; until: number }>();
  return {
    get(tenantId: string): Promise<TenantRuntime> {
      const hit = cache.get(tenantId);
      if (hit && hit.until > Date.now()) return hit.value;
      const value = loadTenantRuntime(knex, tenantId);
      cache.set(tenantId, { value, until: Date.now() + ttlMs });
      value.catch(() => cache.delete(tenantId));
      return value;
    },
    invalidate(tenantId: string): void {
      cache.delete(tenantId);
    },
  };
}
export type TenantRuntimeCache = ReturnType<typeof createTenantRuntimeCache>;
