import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ListCall, NotFoundError, defineOperation, getOperation, operations, page, pageInput } from '../../src/index';
import type { Page } from '../../src/index';
import { callLocal, fail, json, makeClient, type Responder } from './fakeFetch';

/** A list operation shaped like every list of the contract (keyset page in, `{data, nextCursor}` out). */
const localList = defineOperation({
  id: 'local.thing.list',
  kind: 'query',
  summary: 'Lists things (test only).',
  input: z.object({ ...pageInput, q: z.string().optional() }),
  output: page(z.object({ n: z.number() })),
  errors: [],
  permission: 'self',
  emits: [],
  list: true,
  source: 'catalogue',
});

/** Pages [1,2] -> [3,4] -> [5], answered according to the cursor in the request body. */
const threePages: Responder = (request) => {
  const cursor = (request.body as { cursor?: string }).cursor;
  const pages: Record<string, { data: { n: number }[]; nextCursor: string | null }> = {
    start: { data: [{ n: 1 }, { n: 2 }], nextCursor: 'c2' },
    c2: { data: [{ n: 3 }, { n: 4 }], nextCursor: 'c3' },
    c3: { data: [{ n: 5 }], nextCursor: null },
  };
  return json(200, pages[cursor ?? 'start'])(request);
};

function listClient(responders: Responder[] = [threePages]) {
  const made = makeClient(responders, { operations: { [localList.id]: localList } });
  const list = (input: Record<string, unknown> = {}) =>
    callLocal(made.client, localList.id, input) as ListCall<{ n: number }>;
  return { ...made, list };
}

describe('PivotalClient list pagination', () => {
  it('await gives the first page only, lazily', async () => {
    const { list, requests } = listClient();
    const call = list({ q: 'acme', limit: 2 });
    expect(call).toBeInstanceOf(ListCall);
    expect(requests).toHaveLength(0);
    const first: Page<{ n: number }> = await call;
    expect(first).toEqual({ data: [{ n: 1 }, { n: 2 }], nextCursor: 'c2' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.body).toEqual({ q: 'acme', limit: 2 });
  });

  it('for await walks every item of 3 pages, passing the cursor and keeping the filters', async () => {
    const { list, requests } = listClient();
    const seen: number[] = [];
    for await (const item of list({ q: 'acme', limit: 2 })) seen.push(item.n);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(requests.map((r) => r.body)).toEqual([
      { q: 'acme', limit: 2 },
      { q: 'acme', limit: 2, cursor: 'c2' },
      { q: 'acme', limit: 2, cursor: 'c3' },
    ]);
  });

  it('toArray collects everything, or stops fetching at the limit', async () => {
    const all = listClient();
    expect((await all.list().toArray()).map((i) => i.n)).toEqual([1, 2, 3, 4, 5]);

    const limited = listClient();
    expect((await limited.list().toArray({ limit: 3 })).map((i) => i.n)).toEqual([1, 2, 3]);
    expect(limited.requests).toHaveLength(2);

    const none = listClient();
    expect(await none.list().toArray({ limit: 0 })).toEqual([]);
    expect(none.requests).toHaveLength(0);
  });

  it('pages() yields each page', async () => {
    const { list } = listClient();
    const cursors: (string | null)[] = [];
    for await (const p of list().pages()) cursors.push(p.nextCursor);
    expect(cursors).toEqual(['c2', 'c3', null]);
  });

  it('reuses the awaited first page when iterating afterwards', async () => {
    const { list, requests } = listClient();
    const call = list();
    await call;
    expect(await call.toArray()).toHaveLength(5);
    expect(requests).toHaveLength(3);
  });

  it('stops on a repeated cursor instead of looping', async () => {
    const { list } = listClient([json(200, { data: [{ n: 1 }], nextCursor: 'same' })]);
    await expect(list().toArray()).rejects.toThrow(/repeated the cursor/);
  });

  it('accepts a page wrapped in data', async () => {
    const { list } = listClient([json(200, { data: { data: [{ n: 9 }], nextCursor: null } })]);
    expect(await list()).toEqual({ data: [{ n: 9 }], nextCursor: null });
  });

  it('propagates errors through await, catch and iteration', async () => {
    const { list } = listClient([fail(404, 'not_found')]);
    await expect(list()).rejects.toBeInstanceOf(NotFoundError);
    await expect(list().catch((e: unknown) => (e as NotFoundError).code)).resolves.toBe('not_found');
    await expect(list().toArray()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('marks list operations consistently: list: true exactly when the output is a page', () => {
    for (const [id, op] of Object.entries(operations)) {
      const shape = op.output instanceof z.ZodObject ? (op.output.shape as Record<string, unknown>) : {};
      const pageShaped = shape.data instanceof z.ZodArray && 'nextCursor' in shape;
      expect(op.list === true, `${id}: list flag vs page-shaped output`).toBe(pageShaped);
      expect(getOperation(id)).toBe(op);
    }
  });
});
