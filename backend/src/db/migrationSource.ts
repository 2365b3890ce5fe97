import type { Knex } from 'knex';
import { migrations } from './generated/migrations';

/**
 * Every migration, keyed by its file name: a static list (not a directory scan) loads the same way under tsx, vitest
 * and any bundler. `npm run generate` writes it from the files in `migrations/` (a test fails when it is stale).
 */
export { migrations };

/** One migration module: `up` and `down` (every migration is reversible in tests). */
export type MigrationModule = {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
};

/** Knex's migration source over the static list. */
export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`unknown migration ${name}`);
    return migration;
  },
};

/** The migrator configuration every caller (start-up, CLI, tests) uses. */
export const migratorConfig: Knex.MigratorConfig = {
  migrationSource,
  tableName: 'knex_migrations',
};
