import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BACKEND,
  crossDomainFileCircles,
  cycles,
  domainGraph,
  domainImports,
  fileImports,
  formatCycle,
} from './helpers/domainGraph';

/**
 * Import circles between domain folders that are known and not removed yet (`a -> b -> a`). Empty: add one only
 * with a comment saying why and when it goes.
 */
const ALLOWED_DOMAIN_CIRCLES: readonly string[] = [];

describe('architecture', () => {
  const files = fileImports();

  it('has no import circle between domain folders (a domain reacts to events instead: reactions.ts)', () => {
    const imports = domainImports(files);
    // The graph is real: domains do import each other (sequences uses mail's templates, for one).
    expect(imports.length).toBeGreaterThan(0);
    const found = cycles(domainGraph(imports)).map(formatCycle);
    const explain = found.map((circle) => {
      const parts = circle.split(' -> ');
      const edges = parts.slice(1).map((to, i) => imports.find((x) => x.from === parts[i] && x.to === to)!);
      return `${circle}: ${edges.map((e) => `${e.file} imports ${e.target}`).join('; ')}`;
    });
    expect(explain.filter((line) => !ALLOWED_DOMAIN_CIRCLES.includes(line.split(':')[0]!))).toEqual([]);
  });

  it('has no file import circle across domain folders, not even through domains/reactions.ts', () => {
    expect(crossDomainFileCircles(files)).toEqual([]);
  });

  it('writes the outbox in one place: events/append.ts', () => {
    const writers = [...files.keys()]
      .filter((file) => /(\(\s*'events'\s*\)\s*\.insert|insert\s+into\s+events\b)/i.test(readFileSync(file, 'utf8')))
      .map((file) => relative(BACKEND, file));
    expect(writers).toEqual(['src/domains/events/append.ts']);
  });
});
