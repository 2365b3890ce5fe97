import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ListCall, NotFoundError, getOperation, operations } from '../../src/index';
import type { Opportunity, Page } from '../../src/index';
import { fail, ids, json, makeClient, type Responder } from './fakeFetch';

/** A stand-in opportunity; `n` tells the items apart (the client does not validate outputs). */
const opp = (n: number) => ({ id: ids.opp, name: `Deal ${n}`, n }) as unknown as Opportunity & { n: number };
const ns = (items: Opportunity[]) => items.map((i) => (i as Opportunity & { n: number }).n);

/** Pages [1,2] -> [3,4] -> [5], answered according to the cursor in the request body. */
const threePages: Responder = (request) => {
  const cursor = (request.body as { cursor?: string }).cursor;
  const pages: Record<string, Page<Opportunity>> = {
    start: { data: [opp(1), opp(2)], nextCursor: 'c2' },
    c2: { data: [opp(3), opp(4)], nextCursor: 'c3' },
    c3: { data: [opp(5)], nextCursor: null },
  };
  return json(200, pages[cursor ?? 'start'])(request);
};

/** `opportunity.list` of the registry on a fake fetch. */
function listClient(responders: Responder[] = [threePages]) {
  const made = makeClient(responders);
  const list = (input: Parameters<typeof made.client.opportunity.list>[0] = {}) => made.client.opportunity.list(input);
  return { ...made, list };
}

describe('PivotalClient list pagination', () => {
  it('await gives the first page only, lazily', async () => {
    const { list, requests } = listClient();
    const call = list({ q: 'acme', limit: 2 });
    expect(call).toBeInstanceOf(ListCall);
    expect(requests).toHaveLength(0);
    const first: Page<Opportunity> = await call;
    expect(first).toEqual({ data: [opp(1), opp(2)], nextCursor: 'c2' });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('https://api.test/v1/opportunity.list');
    expect(requests[0]?.body).toEqual({ q: 'acme', limit: 2 });
    expect(requests[0]?.headers).not.toHaveProperty('idempotency-key');
  });

  it('for await walks every item of 3 pages, passing the cursor and keeping the filters', async () => {
    const { list, requests } = listClient();
    const seen: number[] = [];
    for await (const item of list({ q: 'acme', limit: 2 })) seen.push(...ns([item]));
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(requests.map((r) => r.body)).toEqual([
      { q: 'acme', limit: 2 },
      { q: 'acme', limit: 2, cursor: 'c2' },
      { q: 'acme', limit: 2, cursor: 'c3' },
    ]);
  });

  it('toArray collects everything, or stops fetching at the limit', async () => {
    const all = listClient();
    expect(ns(await all.list().toArray())).toEqual([1, 2, 3, 4, 5]);

    const limited = listClient();
    expect(ns(await limited.list().toArray({ limit: 3 }))).toEqual([1, 2, 3]);
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
    const { list } = listClient([json(200, { data: [opp(1)], nextCursor: 'same' })]);
    await expect(list().toArray()).rejects.toThrow(/repeated the cursor/);
  });

  it('accepts a page wrapped in data', async () => {
    const { list } = listClient([json(200, { data: { data: [opp(9)], nextCursor: null } })]);
    expect(await list()).toEqual({ data: [opp(9)], nextCursor: null });
  });

  it('propagates errors through await, catch and iteration', async () => {
    const { list } = listClient([fail(404, 'not_found')]);
    await expect(list()).rejects.toBeInstanceOf(NotFoundError);
    await expect(list().catch((e: unknown) => (e as NotFoundError).code)).resolves.toBe('not_found');
    await expect(list().toArray()).rejects.toBeInstanceOf(NotFoundError);
  });

  it('walks a nested list operation (audit.log.list) and keeps its own input', async () => {
    const { client, requests } = makeClient([
      json(200, { data: [{ id: 'a1' }], nextCursor: 'n2' }),
      json(200, { data: [{ id: 'a2' }], nextCursor: null }),
    ]);
    const items = await client.audit.log.list({ operation: 'opportunity.moveStage' }).toArray();
    expect(items.map((i) => i.id)).toEqual(['a1', 'a2']);
    expect(requests.map((r) => r.url)).toEqual([
      'https://api.test/v1/audit.log.list',
      'https://api.test/v1/audit.log.list',
    ]);
    expect(requests[1]?.body).toEqual({ operation: 'opportunity.moveStage', cursor: 'n2' });
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
