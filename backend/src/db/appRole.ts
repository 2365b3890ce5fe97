import pg from 'pg';
import { DB_CONNECT_TIMEOUT_MS } from './knex';

/** The role the API connects as: owns nothing, cannot bypass RLS, cannot create anything. */
export const APP_ROLE = 'pivotal_app';

/** Tables the app role may only read and append to. */
const appendOnly = new Set(['audit_log']);
/** Non-tenant tables the app role may only read. */
const readOnly = new Set(['signing_keys']);
/** SECURITY DEFINER lookups authentication runs before the tenant is known. */
const authFunctions = [
  'auth_tenant_by_entra(text)',
  'auth_tenant_by_slug(text)',
  'auth_api_key(uuid)',
  'mail_subscription_route(text)',
  'call_route(text)',
  'mail_subscription_validation_pending()',
  'queue_mail_job(text, json, text)',
  'rate_limit_hit(text, integer)',
  'rate_limit_prune(integer)',
];

const ident = (name: string) => pg.escapeIdentifier(name);

async function ensureRole(client: pg.Client, password: string, log: (msg: string) => void): Promise<void> {
  const found = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
  const attributes = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOREPLICATION';
  const secret = pg.escapeLiteral(password);
  if (found.rowCount === 0) {
    await client.query(`CREATE ROLE ${ident(APP_ROLE)} ${attributes} PASSWORD ${secret}`);
    return;
  }
  const superuser = (await client.query(`SELECT current_setting('is_superuser') = 'on' AS s`)).rows[0].s;
  await client.query('SAVEPOINT alter_role');
  try {
    // Only a superuser may name the SUPERUSER/BYPASSRLS attributes, even to turn them off.
    await client.query(`ALTER ROLE ${ident(APP_ROLE)} ${superuser ? attributes : 'LOGIN'} PASSWORD ${secret}`);
    await client.query('RELEASE SAVEPOINT alter_role');
  } catch (error) {
    await client.query('ROLLBACK TO SAVEPOINT alter_role');
    log(`could not update role ${APP_ROLE} (${(error as Error).message}); keeping its current password`);
  }
}

async function assertHarmless(client: pg.Client): Promise<void> {
  const { rows } = await client.query(
    `SELECT rolsuper OR rolbypassrls OR rolcreatedb OR rolcreaterole OR rolreplication AS powerful
       FROM pg_roles WHERE rolname = $1`,
    [APP_ROLE],
  );
  if (rows[0]?.powerful) {
    throw new Error(`role ${APP_ROLE} must not be superuser, bypass RLS, create databases or roles`);
  }
}

async function grant(client: pg.Client): Promise<void> {
  const app = ident(APP_ROLE);
  const db = (await client.query('SELECT current_database() AS db')).rows[0].db as string;
  await client.query(`GRANT CONNECT ON DATABASE ${ident(db)} TO ${app}`);
  await client.query(`GRANT USAGE ON SCHEMA public TO ${app}`);
  const { rows } = await client.query<{ name: string; tenant: boolean; partition: boolean }>(`
    SELECT c.relname AS name, c.relispartition AS partition,
           c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
             AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS tenant
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')`);
  for (const t of rows) {
    const table = `public.${ident(t.name)}`;
    await client.query(`REVOKE ALL ON ${table} FROM ${app}`);
    // Partitions are reached through their parent only (they carry no policy: direct reads see nothing).
    if (t.partition) continue;
    if (appendOnly.has(t.name)) await client.query(`GRANT SELECT, INSERT ON ${table} TO ${app}`);
    else if (readOnly.has(t.name)) await client.query(`GRANT SELECT ON ${table} TO ${app}`);
    else if (t.tenant) await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${app}`);
    // Anything else (knex's migration tables) stays out of reach.
  }
  await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${app}`);
  for (const fn of authFunctions) await client.query(`GRANT EXECUTE ON FUNCTION public.${fn} TO ${app}`);
  // Tables and sequences that later migrations create; ensureAppRole runs after every migration and
  // narrows them again (append-only, read-only, non-tenant).
  await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app}`);
  await client.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${app}`);
}

/**
 * Creates (or updates the password of) the `pivotal_app` role and grants it exactly what the API needs in
 * the database of `ownerUrl`. Run as the owner after migrating. Workers that use graphile-worker connect
 * with the owner URL: the app role has no rights in the `graphile_worker` schema.
 */
export async function ensureAppRole(
  ownerUrl: string,
  password: string,
  log: (msg: string) => void = () => undefined,
): Promise<void> {
  const client = new pg.Client({
    connectionString: ownerUrl,
    application_name: 'pivotal-setup',
    connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
  });
  await client.connect();
  try {
    await client.query('BEGIN');
    // Concurrent start-ups (API + CLI) would otherwise race on the same catalog rows.
    await client.query(`SELECT pg_advisory_xact_lock(hashtext('pivotal.ensureAppRole'))`);
    await ensureRole(client, password, log);
    await assertHarmless(client);
    await grant(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
