import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');

/**
 * The variables the backend's `Env` schema reads (`backend/src/config.ts`), from its source text: the docs
 * project does not import backend code.
 */
function configSettings(source: string): string[] {
  const start = source.indexOf('const Env = z.object({');
  if (start < 0) throw new Error('backend/src/config.ts: `const Env = z.object({` not found');
  const end = source.indexOf('\n});', start);
  return [...source.slice(start, end).matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1] ?? '');
}

/** The variables named in the first cell of the tables of the README's "Configuration" section. */
function documentedSettings(readme: string): Set<string> {
  const section = /^## Configuration\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1] ?? '';
  const names = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...(line.split('|')[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1] ?? ''));
  return new Set(names);
}

describe('README configuration table', () => {
  const settings = configSettings(read('backend/src/config.ts'));
  const documented = documentedSettings(read('README.md'));

  it('finds the settings of config.ts', () => {
    expect(settings.length).toBeGreaterThan(20);
    expect(settings).toContain('PIVOTAL_PG_PORT');
  });

  it('lists every setting config.ts reads', () => {
    const missing = settings.filter((name) => !documented.has(name));
    expect(missing, `add these to the Configuration table of README.md: ${missing.join(', ')}`).toEqual([]);
  });

  it('lists nothing config.ts does not read (apart from what a worker reads itself)', () => {
    const readElsewhere = ['SEQUENCE_RUNNER_LOOPS'];
    expect(read('backend/src/workers/sequenceRunner.ts')).toContain('process.env.SEQUENCE_RUNNER_LOOPS');
    const stale = [...documented].filter((name) => !settings.includes(name) && !readElsewhere.includes(name));
    expect(stale, 'README.md documents settings that no longer exist').toEqual([]);
  });
});
