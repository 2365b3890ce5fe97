import type { Client, Project } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '../shared/present';

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
