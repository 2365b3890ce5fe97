import { defineProject } from 'vitest/config';

const conditions = ['@pivotal-pm/source'];

export default defineProject({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    name: '@pivotal-pm/bot',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
