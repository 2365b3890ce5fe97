/**
 * The published package as a consumer gets it: build, `npm pack`, install the tarball into an empty project,
 * then import it from ESM and CJS and type-check a TypeScript consumer under both module resolutions.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const sdkDir = resolve(import.meta.dirname, '..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const typesRoot = resolve(sdkDir, '../node_modules/@types');
const work = mkdtempSync(join(tmpdir(), 'pivotal-sdk-pack-'));
const consumer = join(work, 'consumer');

/** The environment for child npm runs, without the npm_* variables of a surrounding `npm run`. */
function cleanEnv(): NodeJS.ProcessEnv {
  const keep = /^npm_config_(cache|registry|userconfig)$/i;
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) || keep.test(k)));
}

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

beforeAll(() => {
  run('npm', ['run', 'build'], sdkDir);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], sdkDir)) as { filename: string }[];
  const tarball = join(work, packed[0]?.filename ?? 'missing.tgz');

  run('mkdir', ['-p', consumer], work);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], consumer);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('@pivotal-pm/sdk package', { timeout: 120_000 }, () => {
  it('ships dist (ESM, CJS, d.ts, d.cts, maps) and README, and no sources', () => {
    const files = readdirSync(join(consumer, 'node_modules/@pivotal-pm/sdk/dist')).sort();
    expect(files).toEqual(['index.cjs', 'index.cjs.map', 'index.d.cts', 'index.d.ts', 'index.js', 'index.js.map']);
    const pkgFiles = readdirSync(join(consumer, 'node_modules/@pivotal-pm/sdk')).sort();
    expect(pkgFiles).toEqual(['README.md', 'dist', 'package.json']);
  });

  it('has no Node built-in imports in the built output (browser-safe)', () => {
    const builtins = builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.replace(/^node:/, ''));
    const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      const code = readFileSync(join(sdkDir, 'dist', file), 'utf8');
      const imported = [...code.matchAll(specifier)].map((m) => m[1] ?? '');
      expect(imported.filter((s) => s.startsWith('node:')), file).toEqual([]);
      expect(imported.filter((s) => builtins.includes(s.split('/')[0] ?? '')), file).toEqual([]);
      expect(imported.filter((s) => s !== 'zod' && !s.startsWith('zod/')), `${file} imports only zod`).toEqual([]);
    }
  });

  it('imports from ESM', () => {
    const script = `
      import { PivotalClient, operations, isPivotalError, NotFoundError } from '@pivotal-pm/sdk';
      import assert from 'node:assert/strict';
      assert.equal(typeof PivotalClient, 'function');
      assert.equal(operations['opportunity.moveStage'].id, 'opportunity.moveStage');
      const client = new PivotalClient({ baseUrl: 'https://api.test', token: 't', fetch: async () => new Response('{}') });
      assert.equal(typeof client.opportunity.moveStage, 'function');
      assert.equal(isPivotalError(new NotFoundError('x', { status: 404, code: 'not_found', requestId: 'r' })), true);
      console.log('esm ok');
    `;
    expect(run(process.execPath, ['--input-type=module', '-e', script], consumer)).toContain('esm ok');
  });

  it('requires from CJS', () => {
    const script = `
      const sdk = require('@pivotal-pm/sdk');
      const assert = require('node:assert/strict');
      assert.equal(typeof sdk.PivotalClient, 'function');
      assert.equal(sdk.operations['opportunity.moveStage'].id, 'opportunity.moveStage');
      assert.equal(typeof new sdk.PivotalClient({ baseUrl: 'https://api.test' }).pipeline.create, 'function');
      console.log('cjs ok');
    `;
    expect(run(process.execPath, ['--input-type=commonjs', '-e', script], consumer)).toContain('cjs ok');
  });

  it('type-checks a TypeScript consumer with moduleResolution bundler and node16', () => {
    const source = `
      import { PivotalClient, isPivotalError, type OperationInput, type Opportunity } from '@pivotal-pm/sdk';
      const client = new PivotalClient({ baseUrl: 'https://api.test', getToken: async () => 't' });
      const input: OperationInput<'opportunity.moveStage'> = { id: 'x', stage: 'won' };
      export async function move(): Promise<Opportunity> {
        try {
          return await client.opportunity.moveStage(input, { idempotencyKey: 'k' });
        } catch (e) {
          if (isPivotalError(e)) console.log(e.status, e.code, e.requestId);
          throw e;
        }
      }
      // @ts-expect-error wrong input type
      void client.opportunity.moveStage({ id: 'x', stage: 42 });
      // @ts-expect-error unknown method
      void client.opportunity.teleport;
    `;
    writeFileSync(join(consumer, 'esm.mts'), source);
    writeFileSync(join(consumer, 'cjs.cts'), source.replace('export async function', 'async function') + '\nvoid move;\n');
    const common = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', typeRoots: [typesRoot] };
    const configs = {
      // A browser bundle: DOM types, no Node types.
      'tsconfig.bundler.json': { ...common, module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] },
      // Node: its own fetch types, no DOM.
      'tsconfig.node16.json': { ...common, module: 'Node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] },
    };
    for (const [name, compilerOptions] of Object.entries(configs)) {
      const files = name.includes('bundler') ? ['esm.mts'] : ['esm.mts', 'cjs.cts'];
      writeFileSync(join(consumer, name), JSON.stringify({ compilerOptions, files }));
      run(process.execPath, [tsc, '-p', name], consumer);
    }
  });
});
