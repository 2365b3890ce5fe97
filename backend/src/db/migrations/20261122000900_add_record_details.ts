import type { Knex } from 'knex';

/**
 * Columns the contract's DTOs carry that the first migrations left out: users (locale, invitation and
 * sign-in stamps), clients (code, domain, owner, archivedAt), projects (code, dates, archivedAt), accounts
 * (industry, website, phone, tags) and contacts (owner, score, tags).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
ALTER TABLE users
  ADD COLUMN locale text,
  ADD COLUMN invited_at timestamptz,
  ADD COLUMN last_sign_in_at timestamptz;

ALTER TABLE clients
  ADD COLUMN code text,
  ADD COLUMN domain text CHECK (domain = lower(domain)),
  ADD COLUMN owner_id uuid,
  ADD COLUMN archived_at timestamptz,
  ADD CONSTRAINT clients_code_key UNIQUE (tenant_id, code),
  ADD CONSTRAINT clients_owner_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
    ON DELETE SET NULL (owner_id);
UPDATE clients SET archived_at = updated_at WHERE status = 'archived';

ALTER TABLE projects
  ADD COLUMN code text,
  ADD COLUMN start_date date,
  ADD COLUMN end_date date,
  ADD COLUMN archived_at timestamptz,
  ADD CONSTRAINT projects_dates_check CHECK (start_date IS NULL OR end_date IS NULL OR start_date <= end_date),
  ADD CONSTRAINT projects_code_key UNIQUE (tenant_id, client_id, code);
UPDATE projects SET archived_at = updated_at WHERE status = 'archived';

ALTER TABLE accounts
  ADD COLUMN industry text,
  ADD COLUMN website text,
  ADD COLUMN phone text,
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}';
CREATE INDEX accounts_tags_idx ON accounts USING gin (tags);

ALTER TABLE contacts
  ADD COLUMN owner_id uuid,
  ADD COLUMN score int NOT NULL DEFAULT 0,
  ADD COLUMN tags text[] NOT NULL DEFAULT '{}',
  ADD CONSTRAINT contacts_owner_fkey FOREIGN KEY (tenant_id, owner_id) REFERENCES users (tenant_id, id)
    ON DELETE SET NULL (owner_id);
CREATE INDEX contacts_tags_idx ON contacts USING gin (tags);
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX contacts_tags_idx;
ALTER TABLE contacts DROP CONSTRAINT contacts_owner_fkey, DROP COLUMN tags, DROP COLUMN score, DROP COLUMN owner_id;
DROP INDEX accounts_tags_idx;
ALTER TABLE accounts DROP COLUMN tags, DROP COLUMN phone, DROP COLUMN website, DROP COLUMN industry;
ALTER TABLE projects DROP CONSTRAINT projects_code_key, DROP CONSTRAINT projects_dates_check,
  DROP COLUMN archived_at, DROP COLUMN end_date, DROP COLUMN start_date, DROP COLUMN code;
ALTER TABLE clients DROP CONSTRAINT clients_owner_fkey, DROP CONSTRAINT clients_code_key,
  DROP COLUMN archived_at, DROP COLUMN owner_id, DROP COLUMN domain, DROP COLUMN code;
ALTER TABLE users DROP COLUMN last_sign_in_at, DROP COLUMN invited_at, DROP COLUMN locale;
`);
}
