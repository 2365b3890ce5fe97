import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { APP_ROLE, ensureAppRole } from './appRole';
import { startEmbeddedPostgres } from './embedded';
import { createPlainKnex, DB_CONNECT_TIMEOUT_MS } from './knex';
import { migratorConfig } from './migrationSource';
import { readOrCreateSecret } from './secrets';

export { APP_ROLE, ensureAppRole };

/** Where the database is and how to reach it. */
export type DatabaseConfig = {
  /** An existing server (production); its user owns the schema and runs migrations. */
  databaseUrl?: string;
  /** Holds the embedded cluster (`pg/`) and its generated passwords. */
  dataDir: string;
  /** The app role's password; generated once into `<dataDir>/app-password` when absent. */
  appPassword?: string;
  /** Port of the embedded cluster (default EMBEDDED_PORT). */
  port?: number;
  log?: (msg: string) => void;
};

/** A migrated database with the app role in place. */
export type OpenedDatabase = {
  /** Owner connection: migrations, CLI, graphile-worker. */
  ownerUrl: string;
  /** `pivotal_app` connection: the API (RLS applies). */
  appUrl: string;
  /** True when the database lives in the embedded cluster under `dataDir`. */
  embedded: boolean;
  /** Stops the embedded cluster if this call started it; otherwise does nothing. */
  stop(): Promise<void>;
};

/** The embedded cluster's database name. */
export const DATABASE_NAME = 'pivotal';
/**
 * Default port of the embedded cluster: below Linux's ephemeral port range (32768-60999). On a port inside it, a
 * client reconnecting while Postgres was down could be given that very port as its own source port and connect to
 * itself (TCP simultaneous open), and the restarted Postgres could then not bind.
 */
export const EMBEDDED_PORT = 15432;

/** A postgres:// URL from its parts (credentials percent-encoded). */
export function postgresUrl(parts: {
  user: string;
  password: string;
  host: string;
  port: number;
  database: string;
}): string {
  const url = new URL(`postgres://${parts.host}:${parts.port}/`);
  url.username = encodeURIComponent(parts.user);
  url.password = encodeURIComponent(parts.password);
  url.pathname = `/${encodeURIComponent(parts.database)}`;
  return url.toString();
}

/** `url` with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** `url` with the app role's credentials instead of the owner's. */
export function appUrlFor(ownerUrl: string, appPassword: string): string {
  const u = new URL(ownerUrl);
  u.username = encodeURIComponent(APP_ROLE);
  u.password = encodeURIComponent(appPassword);
  return u.toString();
}

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created concurrently
      });
    }
  } finally {
    await client.end();
  }
}

/** Applies every pending migration as the owner; answers the names applied. */
export async function migrateLatest(ownerUrl: string): Promise<string[]> {
  const knex = createPlainKnex(ownerUrl, { applicationName: 'pivotal-migrate' });
  try {
    const [, applied] = (await knex.migrate.latest(migratorConfig)) as [number, string[]];
    return applied;
  } finally {
    await knex.destroy();
  }
}

/** Rolls back every migration (tests check that each one is reversible); answers the names undone. */
export async function migrateRollbackAll(ownerUrl: string): Promise<string[]> {
  const knex = createPlainKnex(ownerUrl, { applicationName: 'pivotal-migrate' });
  try {
    const [, undone] = (await knex.migrate.rollback(migratorConfig, true)) as [number, string[]];
    return undone;
  } finally {
    await knex.destroy();
  }
}

/**
 * Opens the database: the server of `databaseUrl`, or else the embedded cluster under
 * `<dataDir>/pg` (started, or reused when another process of ours already runs it); then migrates it
 * and makes sure the app role exists with its grants.
 */
export async function openDatabase(config: DatabaseConfig): Promise<OpenedDatabase> {
  const log = config.log ?? (() => undefined);
  await mkdir(config.dataDir, { recursive: true });
  let ownerUrl: string;
  let stop = async (): Promise<void> => undefined;
  const embedded = !config.databaseUrl;
  if (config.databaseUrl) {
    ownerUrl = config.databaseUrl;
  } else {
    const password = await readOrCreateSecret(join(config.dataDir, 'owner-password'));
    const server = await startEmbeddedPostgres({
      dir: join(config.dataDir, 'pg'),
      port: config.port ?? EMBEDDED_PORT,
      password,
      log,
    });
    stop = server.stop;
    const admin = postgresUrl({
      user: 'postgres',
      password,
      host: '127.0.0.1',
      port: server.port,
      database: 'postgres',
    });
    try {
      await ensureDatabase(admin, DATABASE_NAME);
    } catch (error) {
      await stop();
      throw error;
    }
    ownerUrl = withDatabase(admin, DATABASE_NAME);
  }
  try {
    const applied = await migrateLatest(ownerUrl);
    if (applied.length > 0) log(`applied ${applied.length} migration(s): ${applied.join(', ')}`);
    const appPassword = config.appPassword ?? (await readOrCreateSecret(join(config.dataDir, 'app-password')));
    await ensureAppRole(ownerUrl, appPassword, log);
    return { ownerUrl, appUrl: appUrlFor(ownerUrl, appPassword), embedded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
