import { defineConfig } from 'tsup';

/** The published build: ESM + CJS with their own .d.ts/.d.cts, platform-neutral (browsers, Node, workers). */
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  outExtension: ({ format }) => ({ js: format === 'cjs' ? '.cjs' : '.js' }),
  // No Node types here: the sources must compile against the DOM and ES libs alone (browser-safe).
  tsconfig: 'tsconfig.build.json',
  dts: true,
  target: 'es2022',
  platform: 'neutral',
  sourcemap: true,
  clean: true,
  splitting: false,
  treeshake: true,
  // zod is a dependency of the package: consumers install it, the bundle imports it.
  external: ['zod'],
});
