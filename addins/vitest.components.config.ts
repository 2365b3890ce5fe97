import { defineConfig } from 'vitest/config';

const conditions = ['@pivotal-pm/source', 'browser', 'module', 'development|production'];

/** Component tests: React + Fluent in jsdom, data through the real SDK client over a fake fetch. */
export default defineConfig({
  resolve: { conditions },
  esbuild: { jsx: 'automatic' },
  test: {
    name: 'addins',
    environment: 'jsdom',
    include: ['test/components/**/*.test.{ts,tsx}'],
    setupFiles: ['test/components/setup.ts'],
    testTimeout: 20_000,
  },
});
