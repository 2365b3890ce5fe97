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
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`, {
      cause: error,
    });
  }
}

beforeAll(() => {
  run('npm', ['run', 'build'], sdkDir);
  const packed = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], sdkDir)) as {
    filename: string;
  }[];
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
    // Import/export-from lines, bare imports, dynamic imports and requires; the specifier stays on one line.
    const specifier =
      /^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"'\n]+)["']|^\s*import\s*["']([^"'\n]+)["']|\bimport\(\s*["']([^"'\n]+)["']\s*\)|\brequire\(\s*["']([^"'\n]+)["']\s*\)/gm;
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts']) {
      const code = readFileSync(join(sdkDir, 'dist', file), 'utf8');
      const imported = [...code.matchAll(specifier)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
      expect(imported.length, `${file} imports zod`).toBeGreaterThan(0);
      expect(
        imported.filter((s) => s.startsWith('node:')),
        file,
      ).toEqual([]);
      expect(
        imported.filter((s) => builtins.includes(s.split('/')[0] ?? '')),
        file,
      ).toEqual([]);
      expect(
        imported.filter((s) => s !== 'zod' && !s.startsWith('zod/')),
        `${file} imports only zod`,
      ).toEqual([]);
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

  const consumerSource = `
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
    export async function firstTen(): Promise<Opportunity[]> {
      return client.opportunity.list({ limit: 10 }).toArray({ limit: 10 });
    }
    // @ts-expect-error wrong input type
    void client.opportunity.moveStage({ id: 'x', stage: 42 });
    // @ts-expect-error unknown method
    void client.opportunity.teleport;
  `;
  // skipLibCheck: checking zod's and Node's own .d.ts takes long and proves nothing about ours; the consumer's
  // expected-error lines above still fail the check if our types were missing or `any`.
  const common = { strict: true, noEmit: true, skipLibCheck: true, target: 'ES2022', typeRoots: [typesRoot] };

  /** Writes the consumer files and a tsconfig, then runs the workspace's tsc on them. */
  function typecheck(name: string, compilerOptions: Record<string, unknown>, files: string[]): void {
    writeFileSync(join(consumer, 'esm.mts'), consumerSource);
    writeFileSync(
      join(consumer, 'cjs.cts'),
      consumerSource.replaceAll('export async function', 'async function') + '\nvoid move; void firstTen;\n',
    );
    writeFileSync(join(consumer, name), JSON.stringify({ compilerOptions: { ...common, ...compilerOptions }, files }));
    run(process.execPath, [tsc, '-p', name], consumer);
  }

  it('type-checks a browser-bundle consumer (moduleResolution bundler, DOM types, no Node types)', () => {
    typecheck(
      'tsconfig.bundler.json',
      { module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2022', 'DOM'], types: [] },
      ['esm.mts'],
    );
  });

  it('type-checks a Node consumer from ESM and CJS (moduleResolution node16: index.d.ts and index.d.cts)', () => {
    typecheck(
      'tsconfig.node16.json',
      { module: 'Node16', moduleResolution: 'node16', lib: ['ES2022'], types: ['node'] },
      ['esm.mts', 'cjs.cts'],
    );
  });
});
