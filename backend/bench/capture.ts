import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { PivotalClient, type OperationId } from '@pivotal-pm/sdk';
import { createApp } from '#app';
import type { Config } from '#config';
import { createKnex } from '#db/knex';
import { handlers } from '#domains/handlers';
import type { Services } from '#http/types';
import { createLogger } from '#observability/logger';
import { createMetrics } from '#observability/metrics';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The data statements one call of an operation ran (transaction control and session settings left out). */
export type Captured = { statements: { sql: string; bindings: unknown[] }[]; writes: boolean };

const plumbing =
  /^\s*(begin|commit|rollback|set transaction|select pg_notify)|select set_config\('app\.|idempotency_keys/i;

/** Runs one call through an in-process copy of the app and records the SQL its handler sent. */
export async function captureSql(
  config: Config,
  appUrl: string,
  owner: Knex,
  services: Services,
  token: string,
  op: OperationId,
  input: unknown,
): Promise<Captured> {
  const knex = createKnex(appUrl, { pool: { min: 0, max: 2 } });
  const statements: Captured['statements'] = [];
  knex.on('query', (q: { sql: string; bindings?: unknown[] }) => {
    if (!plumbing.test(q.sql)) statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  });
  const app = createApp({
    config,
    knex,
    services,
    handlers,
    log: createLogger('silent'),
    metrics: createMetrics(false),
  });
  const server = http.createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = new PivotalClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      token,
      maxRetries: 0,
    });
    await client.call(op, input as never);
    const writes = statements.some((s) => /^\s*(insert|update|delete)|for update/i.test(s.sql));
    // Rows this call inserted with fresh ids (audit, outbox) would collide when the statements are replayed.
    for (const st of statements) {
      const table = /^\s*insert into "(audit_log|events)"/i.exec(st.sql)?.[1];
      const ids = st.bindings.filter((b): b is string => typeof b === 'string' && UUID.test(b));
      if (table && ids.length)
        await owner.raw(`delete from ${table} where id = any(?::uuid[])`, [ids]).catch(() => undefined);
    }
    return { statements, writes };
  } finally {
    server.close();
    await knex.destroy();
  }
}
