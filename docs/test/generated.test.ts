import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { operations, pendingOperationIds } from '@pivotal-pm/sdk';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { operations as sourceOperations } from '../../sdk/src/operations/registry';
import { generatedFiles } from '../generate/files';

const docsDir = resolve(import.meta.dirname, '..');
const files = generatedFiles();
const stale = 'is stale: run `npm run docs:generate` and commit the result';

describe('generated docs', () => {
  it('reads the SDK from its sources (the @pivotal-pm/source condition), not from a stale dist/', () => {
    // Same module instance only when the package resolved to sdk/src (stack traces cannot tell: source maps).
    expect(operations).toBe(sourceOperations);
  });

  it.each([...files.keys()])('docs/%s is up to date', (path) => {
    const target = join(docsDir, path);
    if (!existsSync(target)) throw new Error(`docs/${path} is missing: run \`npm run docs:generate\``);
    const onDisk = readFileSync(target, 'utf8');
    const expected = files.get(path) ?? '';
    if (onDisk !== expected) {
      const a = onDisk.split('\n');
      const b = expected.split('\n');
      const differs = a.findIndex((l, i) => l !== b[i]);
      const line = differs === -1 ? a.length : differs;
      throw new Error(
        `docs/${path} ${stale}.\nFirst difference at line ${line + 1}:\n- ${a[line] ?? '(end of file)'}\n+ ${b[line] ?? '(end of file)'}`,
      );
    }
  });

  it('has no stray generated pages in docs/reference', () => {
    const expected = [...files.keys()]
      .filter((p) => p.startsWith('reference/'))
      .map((p) => p.slice('reference/'.length));
    const present = readdirSync(join(docsDir, 'reference')).filter((f) => f !== 'README.md');
    expect(present.sort(), `docs/reference ${stale}`).toEqual(expected.sort());
  });

  it('is deterministic', () => {
    expect(generatedFiles()).toEqual(files);
  });

  it('documents every registry operation in OpenAPI under its operationId', () => {
    const doc = JSON.parse(files.get('openapi.json') ?? '{}') as {
      openapi: string;
      paths: Record<string, Record<string, { operationId: string; requestBody?: unknown; parameters?: unknown[] }>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const op of Object.values(operations)) {
      const item = doc.paths[`/v1/${op.id}`];
      expect(item, op.id).toBeDefined();
      expect(item?.post?.operationId, op.id).toBe(op.id);
      expect(item?.post?.requestBody, op.id).toBeDefined();
      if (op.kind === 'query') expect(item?.get, `${op.id} GET`).toBeDefined();
      else expect(item?.get, `${op.id} has no GET`).toBeUndefined();
    }
    expect(Object.keys(doc.paths)).toHaveLength(Object.keys(operations).length);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((o) => o.operationId));
    expect(new Set(ids).size, 'operationIds are unique').toBe(ids.length);
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(files.get('openapi.json') ?? '{}') as Record<string, unknown>);
    expect(result.errors ?? [], JSON.stringify(result.errors ?? []).slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('resolves every $ref of the OpenAPI document', () => {
    const text = files.get('openapi.json') ?? '';
    const doc = JSON.parse(text) as unknown;
    const refs = new Set([...text.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1] ?? ''));
    expect(refs.size).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref, 'local reference').toMatch(/^#\/components\//);
      let node: unknown = doc;
      for (const part of ref.slice(2).split('/')) node = (node as Record<string, unknown> | undefined)?.[part];
      expect(node, ref).toBeDefined();
    }
  });

  it('gives every operation an anchor in operations.md', () => {
    const md = files.get('reference/operations.md') ?? '';
    for (const id of Object.keys(operations)) expect(md).toContain(`<a id="${id}"></a>`);
  });

  it('marks the pending operations (and only them) in OpenAPI and operations.md', () => {
    const doc = JSON.parse(files.get('openapi.json') ?? '{}') as {
      paths: Record<
        string,
        Record<string, { 'x-pivotal-status'?: string; description?: string; responses: Record<string, unknown> }>
      >;
    };
    const md = files.get('reference/operations.md') ?? '';
    expect(pendingOperationIds.length).toBeGreaterThan(0);
    for (const id of Object.keys(operations)) {
      const pending = (pendingOperationIds as readonly string[]).includes(id);
      for (const operation of Object.values(doc.paths[`/v1/${id}`] ?? {})) {
        expect(operation['x-pivotal-status'], id).toBe(pending ? 'pending' : undefined);
        expect(operation.responses['501'] !== undefined, `${id} 501`).toBe(pending);
        if (pending) expect(operation.description, id).toMatch(/^Not implemented yet: answers 501/);
      }
      expect(md.includes(`[\`${id}\`](#${id}) (pending)`), `${id} in the contents`).toBe(pending);
    }
  });
});
