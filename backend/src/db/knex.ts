import knex, { type Knex } from 'knex';
import { knexSnakeCaseMappers } from 'objection';
import { installScopedBegin } from './scopedBegin';
import pg from 'pg';

/** Options of `createKnex` beyond the connection string. */
export type KnexOptions = {
  pool?: { min: number; max: number };
  /** Shown in `pg_stat_activity.application_name`. */
  applicationName?: string;
};

const OID = { int8: 20, date: 1082 } as const;

/**
 * How long opening one Postgres connection may take before it fails (every pg client and pool uses it): without
 * it an unreachable server holds each request until the operating system gives up, minutes later.
 */
export const DB_CONNECT_TIMEOUT_MS = 5_000;

/** How long a request waits for a pooled connection before it fails with `503` (knex's default is 60 s). */
export const DB_ACQUIRE_TIMEOUT_MS = 10_000;

function knexConfig(connectionString: string, options: KnexOptions, pool: { min: number; max: number }): Knex.Config {
  return {
    client: 'pg',
    connection: {
      connectionString,
      connectionTimeoutMillis: DB_CONNECT_TIMEOUT_MS,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    },
    pool: options.pool ?? pool,
    acquireConnectionTimeout: DB_ACQUIRE_TIMEOUT_MS,
  };
}

let parsersSet = false;

/**
 * Sets the pg type parsers once per process: bigint as a JS number (counts, outbox sequence numbers stay
 * far below 2^53), `date` as its raw `YYYY-MM-DD` text (no time-zone shift), numeric stays a string (money
 * is exact) and timestamptz keeps the default `Date`.
 */
export function setPgTypeParsers(): void {
  if (parsersSet) return;
  pg.types.setTypeParser(OID.int8, (v: string) => Number(v));
  pg.types.setTypeParser(OID.date, (v: string) => v);
  parsersSet = true;
}

/** A Knex on Postgres whose code-side identifiers are camelCase (snake_case in the database). */
export function createKnex(connectionString: string, options: KnexOptions = {}): Knex {
  setPgTypeParsers();
  return installScopedBegin(
    knex({ ...knexConfig(connectionString, options, { min: 0, max: 10 }), ...knexSnakeCaseMappers() }),
  );
}

/** A Knex without identifier mapping, for migrations and administration (raw SQL, knex's own tables). */
export function createPlainKnex(connectionString: string, options: KnexOptions = {}): Knex {
  setPgTypeParsers();
  return knex(knexConfig(connectionString, options, { min: 0, max: 2 }));
}
