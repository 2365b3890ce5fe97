import type { Client, Project } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** A `clients` row. */
export type ClientRow = {
  tenantId: string;
  id: string;
  name: string;
  code: string | null;
  domain: string | null;
  ownerId: string | null;
  status: 'active' | 'archived';
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `ClientRow` (`clients`). */
export const clientColumns = tableColumns<ClientRow>()('clients', [
  'tenantId',
  'id',
  'name',
  'code',
  'domain',
  'ownerId',
  'status',
  'archivedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `projects` row. */
export type ProjectRow = {
  tenantId: string;
  id: string;
  clientId: string;
  name: string;
  code: string | null;
  startDate: string | null;
  endDate: string | null;
  status: string;
  archivedAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `ProjectRow` (`projects`). */
export const projectColumns = tableColumns<ProjectRow>()('projects', [
  'tenantId',
  'id',
  'clientId',
  'name',
  'code',
  'startDate',
  'endDate',
  'status',
  'archivedAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A client row as the `Client` DTO. */
export function presentClient(row: ClientRow): Client {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    code: row.code,
    domain: row.domain,
    ownerId: row.ownerId,
    archivedAt: iso(row.archivedAt),
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}

/** A project row as the `Project` DTO. */
export function presentProject(row: ProjectRow): Project {
  return {
    id: row.id,
    tenantId: row.tenantId,
    clientId: row.clientId,
    name: row.name,
    code: row.code,
    startDate: row.startDate,
    endDate: row.endDate,
    archivedAt: iso(row.archivedAt),
    version: row.version,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
  };
}
