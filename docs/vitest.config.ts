import { defineConfig } from 'vitest/config';

// Resolve `@pivotal-pm/sdk` to its TypeScript sources (sdk/src), as `npm run generate` does with tsx.
const conditions = ['@pivotal-pm/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts'],
  },
});
