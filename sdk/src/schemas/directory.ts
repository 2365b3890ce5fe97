import { z } from 'zod';
import { base, Email, Id, Timestamp, TimeZone, Version } from '../contract/common';
import { featureFlags } from '../contract/flags';
import { permissions, roles } from '../contract/roles';

/** One of the eight roles, as a schema. */
export const RoleName = z.enum(roles);
/** One permission of the role matrix, as a schema. */
export const PermissionName = z.enum(permissions);
/** One tenant feature flag, as a schema. */
export const FeatureFlagName = z.enum(featureFlags);

/** A BCP-47 locale such as `fr-FR`. */
export const Locale = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'expected a BCP-47 locale such as fr-FR');

/** Tenant: one agency (the unit of isolation). It is its own tenant, so it has no `tenantId`. */
export const Tenant = z.object({
  id: Id,
  name: z.string(),
  slug: z.string(),
  defaultTimeZone: TimeZone,
  defaultCurrency: z.string(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Tenant = z.infer<typeof Tenant>;

/** A person of the tenant. `clientIds` null means every client (internal staff); a list confines client roles. */
export const User = z.object({
  ...base,
  email: Email,
  displayName: z.string(),
  roles: z.array(RoleName),
  clientIds: z.array(Id).nullable(),
  active: z.boolean(),
  timeZone: TimeZone,
  locale: Locale.nullable(),
  /** Who the user reports to: their manager sees their figures as a team and gets their SLA escalations. */
  managerId: Id.nullable(),
  invitedAt: Timestamp.nullable(),
  lastSignInAt: Timestamp.nullable(),
  version: Version,
});
export type User = z.infer<typeof User>;

/** One role held by one user, with the client scope it applies to (null: all clients). */
export const RoleAssignment = z.object({
  userId: Id,
  role: RoleName,
  clientIds: z.array(Id).nullable(),
  assignedBy: Id.nullable(),
  assignedAt: Timestamp,
});
export type RoleAssignment = z.infer<typeof RoleAssignment>;

/** The caller: who they are, their tenant, roles, client scope, effective permissions and enabled flags. */
export const Me = z.object({
  /** The signed-in user; null for an API key or a client-scoped embed token, which act for no user. */
  user: User.nullable(),
  /** How the caller authenticated and the label its actions carry in the audit log. */
  principal: z.object({ kind: z.enum(['user', 'apiKey', 'embed']), actor: z.string() }),
  tenant: z.object({ id: Id, name: z.string(), slug: z.string() }),
  roles: z.array(RoleName),
  /** Null: every client of the tenant; otherwise the only clients the caller may see. */
  clientIds: z.array(Id).nullable(),
  /** Effective permissions under the tenant's RBAC policy. */
  permissions: z.array(PermissionName),
  /** Feature flags enabled for the tenant. */
  flags: z.array(FeatureFlagName),
});
export type Me = z.infer<typeof Me>;
