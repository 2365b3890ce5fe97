import { defineConfig } from 'vitest/config';

const conditions = ['@pivotal-pm/source'];

/**
 * Browser tests: the built Teams tab served by a real backend (in-process, on a clone of the test database with
 * the demo seed), driven by playwright-core in Debian's Chromium. One backend and one browser per file.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: 'addins-browser',
    include: ['test/browser/**/*.test.ts'],
    // The backend's Postgres (embedded, migrated template) and the bundle (rollup, when stale), once per run.
    globalSetup: ['../backend/test/globalSetup.ts', 'test/browser/globalSetup.ts'],
    pool: 'forks',
    // A loaded 2-core machine: a page load, a drag and its server round trip take seconds, not milliseconds.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
