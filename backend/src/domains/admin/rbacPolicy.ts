import { clientRoles, roles, type Permission, type RbacPolicy, type Role } from '@pivotal-pm/sdk';
import { effectiveMatrix, type RbacOverrides } from '#http/tenantRuntime';
import { isoRequired } from '#domains/shared/present';
import type { SectionMeta, TenantSettingsRow } from './tenantSettings';

/**
 * Permissions a client role may never be granted: tenant administration (a client user could otherwise
 * raise its own rights) and mailboxes (spec: client roles have no mailbox).
 */
export const notForClientRoles: readonly Permission[] = [
  'user.manage',
  'rbac.manage',
  'compliance.manage',
  'featureFlag.manage',
  'apiKey.manage',
  'webhook.manage',
  'audit.read',
  'event.read',
  'embedToken.create',
  'mailbox.manage',
  'mail.read',
  'mail.send',
];

/** True for the client-confined roles. */
export function isClientRole(role: Role): boolean {
  return (clientRoles as readonly Role[]).includes(role);
}

/** The RBAC section's version and time; never changed: version 1 at the tenant's creation. */
export function rbacMeta(tenant: TenantSettingsRow): SectionMeta {
  return tenant.settings.rbacMeta ?? { version: 1, updatedAt: isoRequired(tenant.createdAt) };
}

/** One role's override, empty lists when it has none. */
export function roleOverride(
  overrides: RbacOverrides | undefined,
  role: Role,
): { grant: Permission[]; revoke: Permission[] } {
  const o = overrides?.[role];
  return { grant: [...(o?.grant ?? [])], revoke: [...(o?.revoke ?? [])] };
}

/** RbacPolicy DTO: the stored overrides (roles that have some, in matrix order) and the effective matrix. */
export function presentPolicy(tenantId: string, overrides: RbacOverrides | undefined, meta: SectionMeta): RbacPolicy {
  const effective = effectiveMatrix(overrides);
  return {
    tenantId,
    overrides: roles
      .map((role) => ({ role, ...roleOverride(overrides, role) }))
      .filter((o) => o.grant.length > 0 || o.revoke.length > 0),
    effective: Object.fromEntries(roles.map((r) => [r, [...effective[r]]])) as RbacPolicy['effective'],
    updatedAt: meta.updatedAt,
    version: meta.version,
  };
}
