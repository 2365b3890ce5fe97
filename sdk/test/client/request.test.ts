import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PivotalClient, defineOperation, operations } from '../../src/index';
import { callLocal, fakeFetch, ids, makeClient, ok } from './fakeFetch';

const opportunity = { id: ids.opp, stage: 'proposal', version: 4 };

describe('PivotalClient request shape', () => {
  it('POSTs JSON to {baseUrl}/v1/{operationId} with bearer auth and answers data', async () => {
    const { client, requests } = makeClient([ok(opportunity)]);
    const result = await client.opportunity.moveStage({ id: ids.opp, stage: 'proposal', expectedVersion: 3 });

    expect(result).toEqual(opportunity);
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.url).toBe('https://api.test/v1/opportunity.moveStage');
    expect(request?.method).toBe('POST');
    expect(request?.headers).toMatchObject({
      authorization: 'Bearer tok_123',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    expect(request?.body).toEqual({ id: ids.opp, stage: 'proposal', expectedVersion: 3 });
  });

  it('derives one method per registry operation, nested by the dots of the ID', () => {
    const { client } = makeClient([ok({})]);
    const tree = client as unknown as Record<string, unknown>;
    for (const id of Object.keys(operations)) {
      let node: unknown = tree;
      for (const segment of id.split('.')) node = (node as Record<string, unknown>)[segment];
      expect(typeof node, id).toBe('function');
    }
  });

  it('calls any operation by ID through client.call', async () => {
    const { client, requests } = makeClient([ok({ id: 'p1' })]);
    const out = await client.call('pipeline.create', { name: 'New business', stageOrder: ['lead', 'won'] });
    expect(out).toEqual({ id: 'p1' });
    expect(requests[0]?.url).toBe('https://api.test/v1/pipeline.create');
    expect(requests[0]?.body).toEqual({ name: 'New business', stageOrder: ['lead', 'won'] });
  });

  it('hangs the `call` domain off client.call, which still calls any operation by ID', async () => {
    const { client, requests } = makeClient([ok({ id: 'c1' })]);
    expect(typeof client.call).toBe('function');
    expect(typeof client.call.start).toBe('function');
    expect(typeof client.call.recording.attach).toBe('function');
    await client.call.start({ contactId: ids.owner });
    await client.call('call.start', { contactId: ids.owner });
    expect(requests.map((r) => r.url)).toEqual(['https://api.test/v1/call.start', 'https://api.test/v1/call.start']);
  });

  it('nests three-segment IDs and allows omitting an all-optional input', async () => {
    const { client, requests } = makeClient([ok({})]);
    await client.opportunity.forecast.get();
    await client.me.get();
    expect(requests.map((r) => [r.url, r.body])).toEqual([
      ['https://api.test/v1/opportunity.forecast.get', {}],
      ['https://api.test/v1/me.get', {}],
    ]);
  });

  it('derives methods from any operation table, skipping names that would make objects thenable', async () => {
    const spec = (id: string) =>
      defineOperation({
        id,
        kind: 'query',
        summary: 'Test.',
        input: z.object({}),
        output: z.object({}),
        errors: [],
        permission: 'self',
        emits: [],
        source: 'catalogue',
      });
    const table = Object.fromEntries(['future.thing.get', 'future.then', 'then.get'].map((id) => [id, spec(id)]));
    const { client, requests } = makeClient([ok({ ok: true })], { operations: table });
    await expect(callLocal(client, 'future.thing.get')).resolves.toEqual({ ok: true });
    expect(requests[0]?.url).toBe('https://api.test/v1/future.thing.get');
    const tree = client as unknown as Record<string, Record<string, unknown>>;
    expect(tree.future?.then).toBeUndefined();
    expect(tree.then).toBeUndefined();
    expect(tree.opportunity).toBeUndefined();
  });

  it('rejects an unknown operation ID in client.call', () => {
    const { client } = makeClient([ok({})]);
    // @ts-expect-error not an operation of the registry
    expect(() => client.call('opportunity.teleport', {})).toThrow(/unknown operation/);
  });

  it('asks getToken (async) before every attempt', async () => {
    let n = 0;
    const { client, requests } = makeClient([json503(), ok(opportunity)], {
      token: undefined,
      getToken: async () => `fresh-${++n}`,
    });
    await client.opportunity.moveStage({ id: ids.opp, stage: 'proposal' });
    expect(requests.map((r) => r.headers.authorization)).toEqual(['Bearer fresh-1', 'Bearer fresh-2']);
  });

  it('prefers getToken over token and accepts a synchronous provider', async () => {
    const { client, requests } = makeClient([ok(opportunity)], { getToken: () => 'sync-token' });
    await client.opportunity.moveStage({ id: ids.opp, stage: 'proposal' });
    expect(requests[0]?.headers.authorization).toBe('Bearer sync-token');
  });

  it('sends no Authorization header without token or getToken', async () => {
    const { client, requests } = makeClient([ok(opportunity)], { token: undefined });
    await client.opportunity.moveStage({ id: ids.opp, stage: 'proposal' });
    expect(requests[0]?.headers).not.toHaveProperty('authorization');
  });

  it('merges client headers and per-call headers (per call wins, case-insensitively)', async () => {
    const { client, requests } = makeClient([ok(opportunity)], {
      headers: { 'X-Tenant-Hint': 'a', 'X-App': 'portal' },
    });
    await client.opportunity.moveStage({ id: ids.opp, stage: 'proposal' }, { headers: { 'x-tenant-hint': 'b' } });
    expect(requests[0]?.headers).toMatchObject({ 'x-tenant-hint': 'b', 'x-app': 'portal' });
  });

  it('uses the global fetch when none is passed', async () => {
    const fake = fakeFetch(ok(opportunity));
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch;
    try {
      const client = new PivotalClient({ baseUrl: 'https://api.test', token: 't' });
      await client.opportunity.moveStage({ id: ids.opp, stage: 'won' });
      expect(fake.requests[0]?.url).toBe('https://api.test/v1/opportunity.moveStage');
    } finally {
      globalThis.fetch = original;
    }
  });

  it('requires a baseUrl', () => {
    expect(() => new PivotalClient({ baseUrl: '' })).toThrow(/baseUrl/);
  });

  it('is an instance of PivotalClient', () => {
    const { client } = makeClient([ok({})]);
    expect(client).toBeInstanceOf(PivotalClient);
  });
});

function json503() {
  return () =>
    new Response(JSON.stringify({ error: { code: 'unavailable', message: 'down', requestId: 'r' } }), { status: 503 });
}
