import type { RbacOverrides } from '#http/tenantRuntime';
import { ApiError } from '#http/errors';
import type { OpContext } from '#http/types';
import { tableColumns } from '#db/tableColumns';

/** Version and time of the last change of one settings section (optimistic concurrency per section). */
export type SectionMeta = { version: number; updatedAt: string };

/** The parts of `tenants.settings` the admin domain owns (other keys are left as they are). */
export type AdminSettings = {
  /** Per-role overrides: read by `effectiveMatrix` on every request (role-keyed only). */
  rbac?: RbacOverrides;
  rbacMeta?: SectionMeta;
  /** Compliance values plus their `version` and `updatedAt`. */
  compliance?: Record<string, unknown>;
};

/** The caller's tenant row with its settings. */
export type TenantSettingsRow = { id: string; settings: AdminSettings; createdAt: Date };
/** The columns of `TenantSettingsRow` (`tenants`). */
export const tenantSettingsColumns = tableColumns<TenantSettingsRow>()(
  'tenants',
  ['id', 'settings', 'createdAt'],
  false,
);

/** Loads the caller's tenant settings; `lock` takes a row lock so that read-modify-write is safe. */
export async function loadTenantSettings(ctx: OpContext, lock: boolean): Promise<TenantSettingsRow> {
  const query = ctx.trx('tenants').where({ id: ctx.principal.tenantId }).first('id', 'settings', 'createdAt');
  if (lock) query.forUpdate();
  const row = (await query) as TenantSettingsRow | undefined;
  if (!row) throw new ApiError('not_found', 'Tenant not found');
  return { ...row, settings: row.settings ?? {} };
}

/** Writes some top-level settings keys with a jsonb merge, leaving the keys other domains own untouched. */
export async function mergeTenantSettings(ctx: OpContext, values: Partial<AdminSettings>): Promise<void> {
  await ctx
    .trx('tenants')
    .where({ id: ctx.principal.tenantId })
    .update({ settings: ctx.trx.raw(`coalesce(settings, '{}'::jsonb) || ?::jsonb`, [JSON.stringify(values)]) });
}

/** Throws 409 version_conflict when `expected` is given and differs from the section's version. */
export function checkVersion(what: string, meta: SectionMeta, expected: number | undefined): void {
  if (expected !== undefined && expected !== meta.version) {
    throw new ApiError('version_conflict', `${what} is at version ${meta.version}, not ${expected}`, {
      currentVersion: meta.version,
    });
  }
}

/**
 * Drops the tenant's cached runtime (flags, role matrix) now and again once the transaction has ended, so a
 * request that reloads it between the write and the commit cannot keep the old value cached.
 */
export function invalidateTenantRuntime(ctx: OpContext): void {
  const tenantId = ctx.principal.tenantId;
  const invalidate = () => ctx.services.tenants.invalidate(tenantId);
  invalidate();
  ctx.trx.executionPromise.then(invalidate, invalidate);
}

/**
 * Tenant administration spans every client: a client-confined caller (an API key or embed scoped to some
 * clients) may not read or change it, whatever its role.
 */
export function assertTenantWide(ctx: OpContext): void {
  if (ctx.principal.clientIds !== null) {
    throw new ApiError('forbidden', `${ctx.operationId} is not available to a caller confined to some clients`);
  }
}
