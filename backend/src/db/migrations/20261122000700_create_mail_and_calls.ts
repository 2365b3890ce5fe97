import type { Knex } from 'knex';
import { mailboxPrivacy, tenantColumn, tenantRls, timestamps } from '../rls';

/** Connected mailboxes, the message index (metadata + search, bodies live elsewhere) and call sessions. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE mailbox_accounts (
  ${tenantColumn},
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  provider text NOT NULL DEFAULT 'o365' CHECK (provider IN ('o365')),
  scopes text[] NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'connected' CHECK (status IN ('connected', 'revoked', 'error')),
  connected_at timestamptz,
  last_sync_at timestamptz,
  -- AES-256-GCM sealed token cache under the tenant's data key.
  encrypted_tokens bytea,
  -- Delta links, subscription ids, throttling state.
  meta jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, user_id, provider),
  -- Lets message_index carry its mailbox owner with a guarantee that it is the right one.
  UNIQUE (tenant_id, id, user_id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
${tenantRls('mailbox_accounts')}
${mailboxPrivacy('mailbox_accounts')}

-- Immutable (so usable in a generated column): array_to_string and concat_ws are only STABLE in general,
-- but they are immutable for text. The 'simple' configuration: no stemming, addresses stay whole tokens;
-- search with to_tsquery('simple', ...) or websearch_to_tsquery('simple', ...).
CREATE FUNCTION message_search_vector(subject text, snippet text, from_address text, to_addresses text[],
  cc_addresses text[]) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT setweight(to_tsvector('simple', coalesce(subject, '')), 'A')
    || setweight(to_tsvector('simple', concat_ws(' ', from_address, array_to_string(to_addresses, ' '),
         array_to_string(cc_addresses, ' '))), 'B')
    || setweight(to_tsvector('simple', coalesce(snippet, '')), 'C') $$;

CREATE TABLE message_index (
  ${tenantColumn},
  id uuid NOT NULL,
  mailbox_id uuid NOT NULL,
  -- The mailbox owner, copied so mailbox privacy is a column check (the FK keeps it truthful).
  user_id uuid NOT NULL,
  external_id text NOT NULL,
  folder text NOT NULL,
  from_address text,
  to_addresses text[] NOT NULL DEFAULT '{}',
  cc_addresses text[] NOT NULL DEFAULT '{}',
  subject text,
  snippet text,
  has_attachments boolean NOT NULL DEFAULT false,
  received_at timestamptz NOT NULL,
  is_read boolean NOT NULL DEFAULT false,
  is_replied boolean NOT NULL DEFAULT false,
  thread_key text,
  labels text[] NOT NULL DEFAULT '{}',
  body_pointer text,
  search tsvector GENERATED ALWAYS AS
    (message_search_vector(subject, snippet, from_address, to_addresses, cc_addresses)) STORED,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, mailbox_id, external_id),
  FOREIGN KEY (tenant_id, mailbox_id, user_id) REFERENCES mailbox_accounts (tenant_id, id, user_id)
    ON DELETE CASCADE
);
CREATE INDEX message_index_mailbox_idx ON message_index (tenant_id, mailbox_id, received_at DESC, id DESC);
CREATE INDEX message_index_thread_idx ON message_index (tenant_id, thread_key);
CREATE INDEX message_index_search_idx ON message_index USING gin (search);
-- Address prefix / fragment search ("jane@", "@acme").
CREATE INDEX message_index_from_trgm_idx ON message_index USING gin (lower(from_address) gin_trgm_ops);
${tenantRls('message_index')}
${mailboxPrivacy('message_index')}

CREATE TABLE call_sessions (
  ${tenantColumn},
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  contact_id uuid,
  opportunity_id uuid,
  direction text NOT NULL CHECK (direction IN ('out', 'in')),
  status text NOT NULL DEFAULT 'initiated'
    CHECK (status IN ('initiated', 'ringing', 'connected', 'ended', 'failed')),
  provider text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  duration_sec int,
  recording_url text,
  transcript_id uuid,
  notes text,
  disposition text,
  meta jsonb NOT NULL DEFAULT '{}',
  version int NOT NULL DEFAULT 1,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, opportunity_id) REFERENCES opportunities (tenant_id, id)
);
CREATE INDEX call_sessions_user_idx ON call_sessions (tenant_id, user_id, started_at DESC);
CREATE INDEX call_sessions_opportunity_idx ON call_sessions (tenant_id, opportunity_id);
${tenantRls('call_sessions')}
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP TABLE call_sessions;
DROP TABLE message_index;
DROP FUNCTION message_search_vector(text, text, text, text[], text[]);
DROP TABLE mailbox_accounts;
`);
}
