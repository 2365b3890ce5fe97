import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { ensureAppRole } from '#db/appRole';
import { migrateLatest, postgresUrl, withDatabase } from '#db/database';
import { startEmbeddedPostgres } from '#db/embedded';
import { randomPassword } from '#db/secrets';

/** The migrated database every test file clones (`CREATE DATABASE ... TEMPLATE`). */
export const TEMPLATE_DATABASE = 'pivotal_template';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function admin(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * One Postgres for the whole run: `TEST_DATABASE_URL` / `DATABASE_URL` when set (a URL on a maintenance
 * database such as `postgres`; its user must be a superuser, or at least CREATEDB + CREATEROLE + BYPASSRLS,
 * because factories write through the owner connection and every table FORCEs RLS), otherwise an embedded
 * cluster in a temporary directory. Migrates the template database
 * and creates the app role, then provides what `createTestDatabase()` needs.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const external = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let adminUrl: string;
  let teardown = async (): Promise<void> => undefined;
  if (external) {
    adminUrl = external;
  } else {
    const dir = await mkdtemp(join(tmpdir(), 'pivotal-test-'));
    await chmod(dir, 0o755); // the cluster may run as the postgres user (when we are root)
    const password = randomPassword();
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dir: join(dir, 'pg'), port, password, ephemeral: true });
    adminUrl = postgresUrl({ user: 'postgres', password, host: '127.0.0.1', port, database: 'postgres' });
    teardown = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  try {
    const templateUrl = withDatabase(adminUrl, TEMPLATE_DATABASE);
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${TEMPLATE_DATABASE} WITH (FORCE)`);
    await admin(adminUrl, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
    await migrateLatest(templateUrl);
    const appPassword = randomPassword();
    await ensureAppRole(templateUrl, appPassword);
    const url = new URL(adminUrl);
    project.provide('pivotalDb', {
      ownerUrl: adminUrl,
      template: TEMPLATE_DATABASE,
      appPassword,
      host: url.hostname,
      port: Number(url.port || 5432),
    });
  } catch (error) {
    await teardown();
    throw error;
  }
  if (process.env.PIVOTAL_TEST_VERBOSE) console.log(`test database ready in ${Date.now() - started} ms`);
  return teardown;
}
