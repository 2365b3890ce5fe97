/**
 * SQL builders for the row-level security every migration applies. The policies read these session
 * settings, which the request transaction sets with `set_config(name, value, true)` (SET LOCAL):
 *
 * - `app.tenant_id`     the caller's tenant (uuid). Unset or '' means: no row is visible or writable.
 * - `app.user_id`       the acting user (uuid); mailbox privacy compares it with the mailbox owner.
 * - `app.client_ids`    comma-separated client uuids the caller is confined to; unset or '' = all clients.
 * - `app.mailbox_scope` 'all' lets a worker read every mailbox of the tenant (never for client scope).
 *
 * `current_setting(name, true)` answers NULL before the setting was ever set in the session and '' after
 * a SET LOCAL transaction ended on a pooled connection; `NULLIF(..., '')` makes both mean "not set".
 *
 * Each setting is read inside a scalar `(SELECT ...)`, which Postgres runs once per query as an InitPlan
 * instead of once per row: a per-row `current_setting` + `string_to_array` + cast made a 250,000-row
 * aggregate several times slower (migration 20261122001300 rewrote the first policies this way).
 */

/** The current tenant, NULL when not set: `tenant_id = NULL` is never true, so nothing is visible. */
export const currentTenant = `(SELECT NULLIF(current_setting('app.tenant_id', true), '')::uuid)`;
/** The acting user, NULL when not set. */
export const currentUser = `(SELECT NULLIF(current_setting('app.user_id', true), '')::uuid)`;
/** True when the caller is not confined to some clients. */
export const notClientScoped = `(SELECT NULLIF(current_setting('app.client_ids', true), '') IS NULL)`;
/** The caller's clients as uuid[] (only meaningful when client-scoped). */
export const currentClients = `(SELECT string_to_array(NULLIF(current_setting('app.client_ids', true), ''), ',')::uuid[])::uuid[]`;

/** ENABLE + FORCE row-level security (FORCE: the table owner is subject to it too, unless superuser). */
export function forceRls(table: string): string {
  return `ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY;
ALTER TABLE ${table} FORCE ROW LEVEL SECURITY;`;
}

/** RLS + the tenant isolation policy on a tenant-owned table (`column` is `id` for `tenants`). */
export function tenantRls(table: string, column = 'tenant_id'): string {
  return `${forceRls(table)}
CREATE POLICY tenant_isolation ON ${table}
  USING (${column} = ${currentTenant})
  WITH CHECK (${column} = ${currentTenant});`;
}

/**
 * Client scope as a RESTRICTIVE policy (ANDed with tenant isolation): a client-scoped caller sees only
 * rows of its clients; rows whose client column is NULL (internal records) are hidden from it.
 */
export function clientScope(table: string, column = 'client_id'): string {
  return `CREATE POLICY client_scope ON ${table} AS RESTRICTIVE
  USING (${notClientScoped} OR ${column} = ANY (${currentClients}))
  WITH CHECK (${notClientScoped} OR ${column} = ANY (${currentClients}));`;
}

/**
 * Mailbox privacy as a RESTRICTIVE policy: mail is visible to its owner (`app.user_id`), or to a worker
 * that set `app.mailbox_scope = 'all'`, and never to a client-scoped caller.
 */
export function mailboxPrivacy(table: string, userColumn = 'user_id'): string {
  return `CREATE POLICY mailbox_privacy ON ${table} AS RESTRICTIVE
  USING (${notClientScoped} AND (${userColumn} = ${currentUser}
    OR (SELECT current_setting('app.mailbox_scope', true) = 'all')))
  WITH CHECK (${notClientScoped} AND (${userColumn} = ${currentUser}
    OR (SELECT current_setting('app.mailbox_scope', true) = 'all')));`;
}

/**
 * Mailbox privacy with explicit shares (migration 20261122002020 and later; needs `mailbox_shares`): rows are
 * visible to the mailbox owner, to users it was shared with (an unrevoked `mailbox_shares` row), or to a worker
 * with `app.mailbox_scope = 'all'`, never to a client-scoped caller. Writes stay owner (or worker) only.
 * The shared mailbox ids are one uncorrelated sub-select, computed once per query.
 */
export function sharedMailboxPrivacy(table: string, mailboxColumn: string, userColumn = 'user_id'): string {
  const ownerOrWorker = `${userColumn} = ${currentUser} OR (SELECT current_setting('app.mailbox_scope', true) = 'all')`;
  return `CREATE POLICY mailbox_privacy ON ${table} AS RESTRICTIVE
  USING (${notClientScoped} AND (${ownerOrWorker}
    OR ${mailboxColumn} = ANY (ARRAY(SELECT s.mailbox_id FROM mailbox_shares s
      WHERE s.user_id = ${currentUser} AND s.revoked_at IS NULL))))
  WITH CHECK (${notClientScoped} AND (${ownerOrWorker}));`;
}

/**
 * Lets the migrating role (the owner, which owns the SECURITY DEFINER auth lookups) read a table across
 * tenants even when it is not a superuser: FORCE RLS would otherwise blind the lookups. The app role is not
 * a member of the owner role, so the policy gives it nothing.
 */
export function ownerReadPolicy(table: string): string {
  return `DO $$ BEGIN
  EXECUTE format('CREATE POLICY owner_read ON ${table} FOR SELECT TO %I USING (true)', current_user);
END $$;`;
}

/** `updated_at`-style defaults shared by every table. */
export const timestamps = `created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()`;

/** `tenant_id` + its FK to tenants; every tenant-owned table starts with it. */
export const tenantColumn = `tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE`;

/**
 * A DO block that runs `statement` once per tenant with `app.tenant_id` set to it (and no client scope), so a
 * back-fill also works for an owner that does not bypass RLS. `statement` names the tenant as `tenant.id`.
 */
export function forEachTenant(statement: string): string {
  return `DO $backfill$
DECLARE
  tenant record;
  previous_tenant text := current_setting('app.tenant_id', true);
  previous_clients text := current_setting('app.client_ids', true);
BEGIN
  PERFORM set_config('app.client_ids', '', true);
  FOR tenant IN SELECT id FROM tenants LOOP
    PERFORM set_config('app.tenant_id', tenant.id::text, true);
    ${statement};
  END LOOP;
  PERFORM set_config('app.tenant_id', coalesce(previous_tenant, ''), true);
  PERFORM set_config('app.client_ids', coalesce(previous_clients, ''), true);
END
$backfill$;`;
}
