import type { Knex } from 'knex';
import { clientScope, tenantColumn, tenantRls, timestamps } from '../rls';

/** The eight roles of the contract at the time of this migration (a later change needs a new migration). */
const roleCheck = `role IN ('admin', 'salesManager', 'salesRep', 'marketer', 'qa', 'analyst',
  'clientViewer', 'clientApprover')`;

/** Tenants, their users, clients, projects and role assignments. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]*$'),
  name text NOT NULL,
  entra_tenant_id text UNIQUE,
  time_zone text NOT NULL DEFAULT 'UTC',
  -- RBAC overrides, compliance settings (retention, recording consent), defaults.
  settings jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps}
);
${tenantRls('tenants', 'id')}

CREATE TABLE users (
  ${tenantColumn},
  id uuid NOT NULL,
  email text NOT NULL CHECK (email = lower(email)),
  display_name text NOT NULL,
  entra_object_id text,
  time_zone text NOT NULL DEFAULT 'UTC',
  active boolean NOT NULL DEFAULT true,
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email),
  UNIQUE (tenant_id, entra_object_id)
);
${tenantRls('users')}

CREATE TABLE clients (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id)
);
${tenantRls('clients')}
${clientScope('clients', 'id')}

CREATE TABLE projects (
  ${tenantColumn},
  id uuid NOT NULL,
  client_id uuid NOT NULL,
  name text NOT NULL,
  status text NOT NULL DEFAULT 'active',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id)
);
CREATE INDEX projects_client_idx ON projects (tenant_id, client_id);
${tenantRls('projects')}
${clientScope('projects')}

CREATE TABLE role_assignments (
  ${tenantColumn},
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  role text NOT NULL CHECK (${roleCheck}),
  -- NULL: the role holds for the whole tenant; otherwise it is confined to this client.
  client_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE NULLS NOT DISTINCT (tenant_id, user_id, role, client_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id) ON DELETE CASCADE
);
${tenantRls('role_assignments')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE role_assignments;
DROP TABLE projects;
DROP TABLE clients;
DROP TABLE users;
DROP TABLE tenants;
DROP EXTENSION IF EXISTS pg_trgm;
`);
}
