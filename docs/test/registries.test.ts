import { describe, expect, it } from 'vitest';
import { readHandlers, readOperations, staleFiles } from '../../scripts/generate';

/** The registries `npm run generate` writes from the files on disk (DESIGN.md section 3). */
describe('generated registries', () => {
  it('are up to date: the SDK registry and client methods, the handler table and the migration list', () => {
    expect(staleFiles(), 'stale: run `npm run generate` and commit the result').toEqual([]);
  });

  it("find every operation's contract and handler at the path its ID names", () => {
    const ops = readOperations();
    const handlers = readHandlers();
    expect(ops.length).toBeGreaterThan(100);
    for (const op of ops) expect(op.file).toBe(`${op.id.replaceAll('.', '/')}.ts`);
    for (const h of handlers) expect(h.file).toBe(`${h.id.replaceAll('.', '/')}.ts`);
    expect(handlers.every((h) => ops.some((o) => o.id === h.id))).toBe(true);
  });
});
