import type { Knex } from 'knex';

/**
 * Inbox operations (issue 3, section 5): template keys, client scope and archiving; message links (opportunity,
 * account, contact, client, project), flag and custom folder on the message index; search indexes.
 *
 * Search indexes are two-column GINs (btree_gin) that lead with `mailbox_id`: a search always runs over the
 * mailboxes the caller may read, and a GIN scan intersects the mailbox's posting list with the word's (or the
 * address trigrams') inside one index, so a common word does not mean visiting every tenant's matches.
 * `addresses` (from, to and cc, lowercased) lets an address fragment like `jane@` or `@acme` match sent mail
 * too. The link columns are added with IF NOT EXISTS: the sync worker's linking may add the same ones.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE EXTENSION IF NOT EXISTS btree_gin;

ALTER TABLE templates
  ADD COLUMN key text,
  ADD COLUMN client_id uuid,
  ADD COLUMN body_type text NOT NULL DEFAULT 'html' CHECK (body_type IN ('html', 'text')),
  ADD COLUMN merge_tags text[] NOT NULL DEFAULT '{}',
  ADD COLUMN archived_at timestamptz,
  ADD CONSTRAINT templates_status_check CHECK (status IN ('active', 'archived')),
  ADD CONSTRAINT templates_key_uq UNIQUE (tenant_id, key),
  ADD CONSTRAINT templates_client_fk FOREIGN KEY (tenant_id, client_id) REFERENCES clients (tenant_id, id);
CREATE INDEX templates_name_idx ON templates (tenant_id, name, id);

-- IMMUTABLE wrapper (array_to_string is only STABLE in general, immutable for text), as message_search_vector.
CREATE FUNCTION message_addresses(from_address text, to_addresses text[], cc_addresses text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT lower(concat_ws(' ', from_address, array_to_string(to_addresses, ' '), array_to_string(cc_addresses, ' '))) $$;

ALTER TABLE message_index
  ADD COLUMN IF NOT EXISTS is_flagged boolean NOT NULL DEFAULT false,
  ADD COLUMN IF NOT EXISTS custom_folder_id text,
  ADD COLUMN IF NOT EXISTS opportunity_id uuid,
  ADD COLUMN IF NOT EXISTS account_id uuid,
  ADD COLUMN IF NOT EXISTS contact_id uuid,
  ADD COLUMN IF NOT EXISTS client_id uuid,
  ADD COLUMN IF NOT EXISTS project_id uuid,
  ADD COLUMN addresses text GENERATED ALWAYS AS (message_addresses(from_address, to_addresses, cc_addresses)) STORED;

-- Addresses also as their parts, so the word "jane" or "initech" finds jane.doe@initech.com (the parser keeps
-- an e-mail address as one token).
CREATE FUNCTION message_search_vector_v2(subject text, snippet text, addresses text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple', coalesce(subject, '')), 'A')
    || setweight(to_tsvector('simple', addresses || ' ' || translate(addresses, '@.', '  ')), 'B')
    || setweight(to_tsvector('simple', coalesce(snippet, '')), 'C') $$;
ALTER TABLE message_index DROP COLUMN search;
ALTER TABLE message_index ADD COLUMN search tsvector GENERATED ALWAYS AS
  (message_search_vector_v2(subject, snippet, message_addresses(from_address, to_addresses, cc_addresses))) STORED;

DROP INDEX message_index_from_trgm_idx;
CREATE INDEX message_index_mailbox_search_idx ON message_index USING gin (mailbox_id, search);
CREATE INDEX message_index_addresses_trgm_idx ON message_index USING gin (mailbox_id, addresses gin_trgm_ops);
CREATE INDEX message_index_folder_time_idx ON message_index (tenant_id, mailbox_id, folder, received_at DESC, id DESC);
-- The sync migration may have made a plain one; this one is partial.
DROP INDEX IF EXISTS message_index_opportunity_idx;
CREATE INDEX message_index_opportunity_idx ON message_index (tenant_id, opportunity_id, received_at DESC)
  WHERE opportunity_id IS NOT NULL;
CREATE INDEX message_index_account_idx ON message_index (tenant_id, account_id, received_at DESC)
  WHERE account_id IS NOT NULL;
CREATE INDEX message_index_client_idx ON message_index (tenant_id, client_id, received_at DESC)
  WHERE client_id IS NOT NULL;
CREATE INDEX message_index_project_idx ON message_index (tenant_id, project_id, received_at DESC)
  WHERE project_id IS NOT NULL;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP INDEX message_index_project_idx;
DROP INDEX message_index_client_idx;
DROP INDEX message_index_account_idx;
DROP INDEX message_index_opportunity_idx;
DROP INDEX message_index_folder_time_idx;
DROP INDEX message_index_addresses_trgm_idx;
DROP INDEX message_index_mailbox_search_idx;
ALTER TABLE message_index DROP COLUMN search;
ALTER TABLE message_index ADD COLUMN search tsvector GENERATED ALWAYS AS
  (message_search_vector(subject, snippet, from_address, to_addresses, cc_addresses)) STORED;
DROP FUNCTION message_search_vector_v2(text, text, text);
CREATE INDEX message_index_search_idx ON message_index USING gin (search);
CREATE INDEX message_index_from_trgm_idx ON message_index USING gin (lower(from_address) gin_trgm_ops);
ALTER TABLE message_index
  DROP COLUMN addresses,
  DROP COLUMN IF EXISTS project_id,
  DROP COLUMN IF EXISTS client_id,
  DROP COLUMN IF EXISTS contact_id,
  DROP COLUMN IF EXISTS account_id,
  DROP COLUMN IF EXISTS opportunity_id,
  DROP COLUMN IF EXISTS custom_folder_id,
  DROP COLUMN IF EXISTS is_flagged;
DROP FUNCTION message_addresses(text, text[], text[]);

DROP INDEX templates_name_idx;
ALTER TABLE templates
  DROP CONSTRAINT templates_client_fk,
  DROP CONSTRAINT templates_key_uq,
  DROP CONSTRAINT templates_status_check,
  DROP COLUMN archived_at,
  DROP COLUMN merge_tags,
  DROP COLUMN body_type,
  DROP COLUMN client_id,
  DROP COLUMN key;
DROP EXTENSION IF EXISTS btree_gin;
`);
}
