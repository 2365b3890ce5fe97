import type { ApiKey, Role, User } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** One role assignment as the user queries aggregate it. */
export type AssignmentRow = { role: Role; clientId: string | null };

/** A `users` row. */
export type UserTableRow = {
  tenantId: string;
  id: string;
  email: string;
  entraObjectId: string | null;
  displayName: string;
  timeZone: string;
  locale: string | null;
  active: boolean;
  invitedAt: Date | null;
  lastSignInAt: Date | null;
  managerId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `UserTableRow` (`users`). */
export const userTableColumns = tableColumns<UserTableRow>()('users', [
  'tenantId',
  'id',
  'email',
  'entraObjectId',
  'displayName',
  'timeZone',
  'locale',
  'active',
  'invitedAt',
  'lastSignInAt',
  'managerId',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `users` row with its role assignments (see `usersQuery`). */
export type UserRow = UserTableRow & { assignments: AssignmentRow[] };

/** A `tenants` row. */
export type TenantRow = {
  id: string;
  slug: string;
  name: string;
  entraTenantId: string | null;
  timeZone: string;
  settings: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `TenantRow` (`tenants`). */
export const tenantColumns = tableColumns<TenantRow>()('tenants', [
  'id',
  'slug',
  'name',
  'entraTenantId',
  'timeZone',
  'settings',
  'version',
  'createdAt',
  'updatedAt',
]);

/** An `api_keys` row. */
export type ApiKeyRow = {
  tenantId: string;
  id: string;
  name: string;
  keyHash: string;
  role: Role;
  clientIds: string[] | null;
  createdBy: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `ApiKeyRow` (`api_keys`). */
export const apiKeyColumns = tableColumns<ApiKeyRow>()('api_keys', [
  'tenantId',
  'id',
  'name',
  'keyHash',
  'role',
  'clientIds',
  'createdBy',
  'lastUsedAt',
  'revokedAt',
  'createdAt',
  'updatedAt',
]);

/** The distinct roles of a set of assignments, in a stable order. */
export function rolesOf(assignments: readonly AssignmentRow[]): Role[] {
  return [...new Set(assignments.map((a) => a.role))].sort();
}

/** The clients the assignments are confined to; null when none is (tenant-wide roles only). */
export function clientIdsOf(assignments: readonly AssignmentRow[]): string[] | null {
  const ids = [...new Set(assignments.map((a) => a.clientId).filter((c): c is string => c !== null))].sort();
  return ids.length > 0 ? ids : null;
}

/** A user row as the `User` DTO. */
export function presentUser(row: UserRow): User {
  return {
    id: row.id,
    tenantId: row.tenantId,
    email: row.email,
    displayName: row.displayName,
    roles: rolesOf(row.assignments),
    clientIds: clientIdsOf(row.assignments),
    active: row.active,
    timeZone: row.timeZone,
    locale: row.locale,
    managerId: row.managerId ?? null,
    invitedAt: iso(row.invitedAt),
    lastSignInAt: iso(row.lastSignInAt),
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}

/** The public part of a key (`pvk_<id>`): what a person sees to recognise it. */
export function keyPrefix(id: string): string {
  return `pvk_${id}`;
}

/** An API key row as the `ApiKey` DTO: never the hash, never the secret. */
export function presentApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    role: row.role,
    clientIds: row.clientIds && row.clientIds.length > 0 ? row.clientIds : null,
    prefix: keyPrefix(row.id),
    createdBy: row.createdBy,
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}
