import type { Knex } from 'knex';
import { ownerReadPolicy, tenantColumn, tenantRls, timestamps } from '../rls';

const roleCheck = `role IN ('admin', 'salesManager', 'salesRep', 'marketer', 'qa', 'analyst',
  'clientViewer', 'clientApprover')`;

/**
 * API keys, signing keys, and the SECURITY DEFINER lookups that authentication needs before it knows the
 * tenant (RLS hides every row until `app.tenant_id` is set). The app role may only EXECUTE them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
CREATE TABLE api_keys (
  ${tenantColumn},
  id uuid NOT NULL,
  name text NOT NULL,
  -- sha256 hex of the secret part; the secret itself is shown once and never stored.
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  role text NOT NULL CHECK (${roleCheck}),
  client_ids uuid[],
  created_by uuid,
  last_used_at timestamptz,
  revoked_at timestamptz,
  ${timestamps},
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES users (tenant_id, id) ON DELETE SET NULL (created_by)
);
-- Authentication looks a key up by id before the tenant is known (auth_api_key): not unique on purpose,
-- uniqueness stays tenant-led (the id is a UUIDv7 anyway).
CREATE INDEX api_keys_id_idx ON api_keys (id);
${tenantRls('api_keys')}

-- Not tenant data: the server's own token-signing keys (dev issuer, embed tokens). The app role reads,
-- the owner (CLI, start-up) writes.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  alg text NOT NULL,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('dev', 'embed')),
  created_at timestamptz NOT NULL DEFAULT now()
);

${ownerReadPolicy('tenants')}
${ownerReadPolicy('api_keys')}

CREATE FUNCTION auth_tenant_by_entra(entra_tid text) RETURNS TABLE (id uuid, slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT t.id, t.slug FROM tenants t WHERE t.entra_tenant_id = entra_tid $$;

CREATE FUNCTION auth_tenant_by_slug(tenant_slug text) RETURNS TABLE (id uuid, slug text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT t.id, t.slug FROM tenants t WHERE t.slug = tenant_slug $$;

CREATE FUNCTION auth_api_key(key_id uuid) RETURNS TABLE (
  tenant_id uuid, key_hash text, role text, client_ids uuid[], revoked_at timestamptz, name text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT k.tenant_id, k.key_hash, k.role, k.client_ids, k.revoked_at, k.name
        FROM api_keys k WHERE k.id = key_id $$;

REVOKE ALL ON FUNCTION auth_tenant_by_entra(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_tenant_by_slug(text) FROM PUBLIC;
REVOKE ALL ON FUNCTION auth_api_key(uuid) FROM PUBLIC;
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
DROP FUNCTION auth_api_key(uuid);
DROP FUNCTION auth_tenant_by_slug(text);
DROP FUNCTION auth_tenant_by_entra(text);
DROP POLICY owner_read ON api_keys;
DROP POLICY owner_read ON tenants;
DROP TABLE signing_keys;
DROP TABLE api_keys;
`);
}
