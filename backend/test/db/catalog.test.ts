import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROLE } from '#db/appRole';
import { createTestDatabase, type TestDatabase } from '../helpers/db';

/** Reads pg_catalog of a migrated database and fails on any table, key, view or grant that breaks the rules. */
describe('database catalog', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const rows = async <T>(sql: string, bindings: unknown[] = []): Promise<T[]> =>
    (await db.ownerKnex.raw(sql, bindings as never)).rows as T[];

  /** Tables (and partitions) of public with a tenant_id column, plus `tenants` itself. */
  const tenantTables = `
    SELECT c.oid, c.relname, c.relispartition, c.relrowsecurity, c.relforcerowsecurity,
           (SELECT a.attnum FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id'
              AND NOT a.attisdropped) AS tenant_attnum
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
       AND (c.relname = 'tenants' OR EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid
             AND a.attname = 'tenant_id' AND NOT a.attisdropped))`;

  it('covers every table of the data model', async () => {
    const names = (await rows<{ relname: string }>(tenantTables)).map((r) => r.relname);
    for (const table of [
      'tenants',
      'users',
      'role_assignments',
      'clients',
      'projects',
      'accounts',
      'contacts',
      'pipelines',
      'opportunities',
      'engagements',
      'engagements_default',
      'tasks',
      'sequences',
      'sequence_enrollments',
      'mailbox_accounts',
      'message_index',
      'call_sessions',
      'api_keys',
      'audit_log',
      'events',
      'idempotency_keys',
      'feature_flags',
      'webhooks',
      'webhook_deliveries',
      'forecast_snapshots',
      'templates',
      'suppressions',
    ]) {
      expect(names).toContain(table);
    }
  });

  it('enables and forces row-level security on every tenant table, partitions included', async () => {
    const weak = (await rows<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>(tenantTables))
      .filter((t) => !t.relrowsecurity || !t.relforcerowsecurity)
      .map((t) => t.relname);
    expect(weak).toEqual([]);
  });

  it('gives every tenant table (not partitions) a tenant_isolation policy', async () => {
    const missing = await rows<{ relname: string }>(`
      SELECT t.relname FROM (${tenantTables}) t
       WHERE NOT t.relispartition
         AND NOT EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = t.oid AND p.polname = 'tenant_isolation'
               AND p.polpermissive)`);
    expect(missing.map((r) => r.relname)).toEqual([]);
  });

  it('leads every primary key, unique constraint, unique index and foreign key with tenant_id', async () => {
    const constraints = await rows<{ relname: string; conname: string }>(`
      SELECT t.relname, con.conname FROM (${tenantTables}) t
        JOIN pg_constraint con ON con.conrelid = t.oid AND con.contype IN ('p', 'u', 'f')
       WHERE t.relname <> 'tenants' AND con.conkey[1] IS DISTINCT FROM t.tenant_attnum`);
    expect(constraints).toEqual([]);
    const indexes = await rows<{ relname: string; index: string }>(`
      SELECT t.relname, i.indexrelid::regclass::text AS index FROM (${tenantTables}) t
        JOIN pg_index i ON i.indrelid = t.oid AND i.indisunique
       WHERE t.relname <> 'tenants' AND i.indkey[0] IS DISTINCT FROM t.tenant_attnum`);
    expect(indexes).toEqual([]);
  });

  it('makes every view security_invoker', async () => {
    const views = await rows<{ relname: string }>(`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relkind = 'v'
         AND NOT coalesce('security_invoker=true' = ANY (c.reloptions)
                       OR 'security_invoker=on' = ANY (c.reloptions), false)`);
    expect(views).toEqual([]);
  });

  it('keeps the app role powerless: no superuser, no bypassrls, owns nothing', async () => {
    const [role] = await rows<{
      rolsuper: boolean;
      rolbypassrls: boolean;
      rolcreatedb: boolean;
      rolcreaterole: boolean;
    }>('SELECT rolsuper, rolbypassrls, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = ?', [APP_ROLE]);
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcreatedb: false, rolcreaterole: false });
    const owned = await rows<{ n: number }>(
      `
      SELECT count(*)::int AS n FROM pg_shdepend d JOIN pg_roles r ON r.oid = d.refobjid
       WHERE r.rolname = ? AND d.deptype = 'o'`,
      [APP_ROLE],
    );
    expect(owned[0]?.n).toBe(0);
    const classes = await rows<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = ?)`,
      [APP_ROLE],
    );
    expect(classes).toEqual([]);
  });

  it('grants the app role append-only audit, read-only signing keys and no migration tables', async () => {
    const [p] = await rows<Record<string, boolean>>(
      `
      SELECT has_table_privilege(:r, 'audit_log', 'INSERT') AS audit_insert,
             has_table_privilege(:r, 'audit_log', 'UPDATE') AS audit_update,
             has_table_privilege(:r, 'audit_log', 'DELETE') AS audit_delete,
             has_table_privilege(:r, 'signing_keys', 'SELECT') AS keys_select,
             has_table_privilege(:r, 'signing_keys', 'INSERT') AS keys_insert,
             has_table_privilege(:r, 'knex_migrations', 'SELECT') AS migrations_select,
             has_table_privilege(:r, 'opportunities', 'UPDATE') AS opportunities_update,
             has_function_privilege(:r, 'auth_api_key(uuid)', 'EXECUTE') AS auth_execute,
             has_function_privilege(:r, 'ensure_engagement_partitions(date, int)', 'EXECUTE') AS partitions_execute,
             has_schema_privilege(:r, 'public', 'CREATE') AS schema_create`.replaceAll(':r', `'${APP_ROLE}'`),
    );
    expect(p).toEqual({
      audit_insert: true,
      audit_update: false,
      audit_delete: false,
      keys_select: true,
      keys_insert: false,
      migrations_select: false,
      opportunities_update: true,
      auth_execute: true,
      partitions_execute: false,
      schema_create: false,
    });
  });
});
