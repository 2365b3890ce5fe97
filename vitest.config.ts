import { defineConfig } from 'vitest/config';

/** One Vitest run over every workspace; each workspace has its own vitest.config.ts. */
export default defineConfig({
  test: {
    projects: [
      'sdk',
      'bot',
      'backend',
      'docs',
      'manifests',
      'addins/vitest.components.config.ts',
      'addins/vitest.browser.config.ts',
    ],
  },
});
