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
  return installScopedBegin(knex({
    client: 'pg',
    connection: {
      connectionString,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    },
    pool: options.pool ?? { min: 0, max: 10 },
    ...knexSnakeCaseMappers(),
  }));
}

/** A Knex without identifier mapping, for migrations and administration (raw SQL, knex's own tables). */
export function createPlainKnex(connectionString: string, options: KnexOptions = {}): Knex {
  setPgTypeParsers();
  return knex({
    client: 'pg',
    connection: {
      connectionString,
      ...(options.applicationName ? { application_name: options.applicationName } : {}),
    },
    pool: options.pool ?? { min: 0, max: 2 },
  });
}
