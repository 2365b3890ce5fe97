import type { Knex } from 'knex';
import { tenantColumn, tenantRls, timestamps } from '../rls';

/** Accounts (companies) and contacts (people). */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE accounts (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  domain text CHECK (domain = lower(domain)),
  client_id uuid,
  owner_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id) ON DELETE SET NULL (owner_id)
);
CREATE INDEX accounts_domain_idx ON accounts (tenant_id, domain);
CREATE INDEX accounts_client_idx ON accounts (tenant_id, client_id);
CREATE INDEX accounts_name_trgm_idx ON accounts USING gin (lower(name) gin_trgm_ops);
${tenantRls('accounts')}

CREATE TABLE contacts (
  ${tenantColumn},
  id uuid NOT NULL,
  account_id uuid NOT NULL,
  client_id uuid,
  first_name text,
  last_name text,
  email text CHECK (email = lower(email)),
  phone text,
  title text,
  time_zone text,
  locale text,
  opted_out boolean NOT NULL DEFAULT false,
  opt_out_at timestamptz,
  -- Set when this contact was merged into another; the survivor keeps the history.
  merged_into_id uuid,
  custom_fields jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
  FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id),
  FOREIGN KEY (tenant_id, merged_into_id) REFERENCES contacts (tenant_id, id)
    ON DELETE SET NULL (merged_into_id)
);
CREATE INDEX contacts_email_idx ON contacts (tenant_id, email);
CREATE INDEX contacts_account_idx ON contacts (tenant_id, account_id);
CREATE INDEX contacts_email_trgm_idx ON contacts USING gin (email gin_trgm_ops);
${tenantRls('contacts')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE contacts;
DROP TABLE accounts;
`);
}
