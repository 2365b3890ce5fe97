import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: '@pivotal-pm/manifests',
    include: ['test/**/*.test.ts'],
  },
});
