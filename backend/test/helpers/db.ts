import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import pg from 'pg';
import { inject } from 'vitest';
import { appUrlFor, withDatabase } from '#db/database';
import { createKnex } from '#db/knex';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by test/globalSetup.ts: the run's Postgres and its migrated template database. */
    pivotalDb: {
      /** Owner (superuser or CREATEDB) URL on the `postgres` maintenance database. */
      ownerUrl: string;
      template: string;
      appPassword: string;
      host: string;
      port: number;
    };
  }
}

/** A fresh database cloned from the migrated template, with an owner and an app-role connection. */
export type TestDatabase = {
  name: string;
  ownerUrl: string;
  appUrl: string;
  /** Owner connection (bypasses RLS when the owner is a superuser, as in the embedded cluster). */
  ownerKnex: Knex;
  /** `pivotal_app` connection: RLS applies, grants as in production. */
  appKnex: Knex;
  /** Closes both pools and drops the database. */
  destroy(): Promise<void>;
};

async function onAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates a database `CREATE DATABASE <unique> TEMPLATE pivotal_template` for one test file. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { ownerUrl: adminUrl, template, appPassword } = inject('pivotalDb');
  const name = `pivotal_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  await onAdmin(adminUrl, async (client) => {
    // Concurrent clones of one template can briefly see each other as "accessing" it: retry.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006' || attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });
  const ownerUrl = withDatabase(adminUrl, name);
  const appUrl = appUrlFor(ownerUrl, appPassword);
  const ownerKnex = createKnex(ownerUrl, { pool: { min: 0, max: 4 }, applicationName: 'test-owner' });
  const appKnex = createKnex(appUrl, { pool: { min: 0, max: 4 }, applicationName: 'test-app' });
  return {
    name,
    ownerUrl,
    appUrl,
    ownerKnex,
    appKnex,
    async destroy() {
      await Promise.all([ownerKnex.destroy(), appKnex.destroy()]);
      await onAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

/**
 * Runs `fn` in a transaction on `knex` with the RLS settings of a request (SET LOCAL semantics):
 * `app.tenant_id`, and optionally `app.user_id`, `app.client_ids` (comma-separated), `app.mailbox_scope`.
 */
export async function asTenant<T>(
  knex: Knex,
  settings: { tenantId: string | null; userId?: string; clientIds?: string[]; mailboxScope?: 'all' },
  fn: (trx: Knex.Transaction) => Promise<T>,
): Promise<T> {
  return knex.transaction(async (trx) => {
    await trx.raw(
      `SELECT set_config('app.tenant_id', ?, true), set_config('app.user_id', ?, true),
              set_config('app.client_ids', ?, true), set_config('app.mailbox_scope', ?, true)`,
      [
        settings.tenantId ?? '',
        settings.userId ?? '',
        settings.clientIds?.join(',') ?? '',
        settings.mailboxScope ?? '',
      ],
    );
    return fn(trx);
  });
}
