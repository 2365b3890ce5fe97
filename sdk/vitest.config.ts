import { defineConfig } from 'vitest/config';

// Resolve `@pivotal-pm/sdk` (and the package's own self-references) to the TypeScript sources, not dist/.
const conditions = ['@pivotal-pm/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
});
