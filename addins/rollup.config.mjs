// Bundles the Teams tab and the Outlook pane (React + Fluent UI) into teams-tab/dist and outlook/dist, which the
// backend serves under /app/teams/ and /app/outlook/.
// The SDK is bundled from source (the `@pivotal-pm/source` export condition), so no SDK build is needed first.
import commonjs from '@rollup/plugin-commonjs';
import nodeResolve from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import esbuild from 'rollup-plugin-esbuild';

/** Copies the page that loads the bundle, and the app's icons (the Outlook ribbon's) when it has any. */
const html = (app) => ({
  name: 'html',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'index.html', source: readFileSync(`${app}/index.html`, 'utf8') });
    const icons = `${app}/icons`;
    if (!existsSync(icons)) return;
    for (const file of readdirSync(icons)) {
      this.emitFile({ type: 'asset', fileName: `icons/${file}`, source: readFileSync(`${icons}/${file}`) });
    }
  },
});

const production = process.env.PIVOTAL_APP_DEV !== '1';

const app = (name) => ({
  input: `${name}/src/main.tsx`,
  output: {
    dir: `${name}/dist`,
    format: 'es',
    entryFileNames: 'app.js',
    chunkFileNames: 'chunks/[name]-[hash].js',
    sourcemap: false,
  },
  onwarn(warning, warn) {
    // Fluent and teams-js ship "use client" directives and this-at-top-level code that are harmless in a bundle.
    if (
      warning.code === 'MODULE_LEVEL_DIRECTIVE' ||
      warning.code === 'THIS_IS_UNDEFINED' ||
      warning.code === 'CIRCULAR_DEPENDENCY' ||
      warning.code === 'INVALID_ANNOTATION'
    )
      return;
    warn(warning);
  },
  plugins: [
    replace({
      preventAssignment: true,
      values: { 'process.env.NODE_ENV': JSON.stringify(production ? 'production' : 'development') },
    }),
    nodeResolve({
      browser: true,
      extensions: ['.mjs', '.js', '.ts', '.tsx', '.json'],
      exportConditions: ['@pivotal-pm/source', 'browser', 'import', 'default'],
    }),
    commonjs(),
    html(name),
    esbuild({
      include: /\.[jt]sx?$/,
      target: 'es2022',
      jsx: 'automatic',
      minify: production,
      tsconfig: 'tsconfig.json',
    }),
  ],
});

export default [app('teams-tab'), app('outlook')];
