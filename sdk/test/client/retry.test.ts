import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, RateLimitError, ServerError, ValidationError } from '../../src/index';
import { backoffDelay, parseRetryAfter } from '../../src/client/retry';
import { randomUuid } from '../../src/client/uuid';
import { fail, ids, makeClient, networkDown, ok } from './fakeFetch';

const input = { id: ids.opp, stage: 'proposal' };
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('PivotalClient retries', () => {
  it('retries a 503 and succeeds, waiting a jittered exponential backoff', async () => {
    const { client, requests, delays } = makeClient([
      fail(503, 'unavailable'),
      fail(503, 'unavailable'),
      ok({ id: 'x' }),
    ]);
    await expect(client.opportunity.moveStage(input)).resolves.toEqual({ id: 'x' });
    expect(requests).toHaveLength(3);
    // random() = 0.5: half of 250 ms, then half of 500 ms.
    expect(delays).toEqual([125, 250]);
  });

  it('gives up after maxRetries and throws the last error', async () => {
    const { client, requests, delays } = makeClient([fail(500, 'internal')], { maxRetries: 3 });
    await expect(client.opportunity.moveStage(input)).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(4);
    expect(delays).toHaveLength(3);
  });

  it('honours Retry-After in seconds on 429', async () => {
    const { client, requests, delays } = makeClient([
      fail(429, 'rate_limited', {}, { 'retry-after': '2' }),
      ok({ id: 'x' }),
    ]);
    await client.opportunity.moveStage(input);
    expect(requests).toHaveLength(2);
    expect(delays).toEqual([2000]);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    const { client, delays } = makeClient([fail(503, 'unavailable', {}, { 'retry-after': at }), ok({ id: 'x' })]);
    await client.opportunity.moveStage(input);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThan(3_000);
    expect(delays[0]).toBeLessThanOrEqual(5_000);
  });

  it('really waits a short Retry-After with the default sleep', async () => {
    const { client, requests } = makeClient(
      [fail(429, 'rate_limited', {}, { 'retry-after': '0.05' }), ok({ id: 'x' })],
      {
        sleep: undefined,
      },
    );
    const started = Date.now();
    await client.opportunity.moveStage(input);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(requests).toHaveLength(2);
  });

  it('throws RateLimitError at once when Retry-After asks for more than a minute', async () => {
    const { client, requests } = makeClient([fail(429, 'rate_limited', {}, { 'retry-after': '3600' })]);
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect(requests).toHaveLength(1);
  });

  it('retries connection errors', async () => {
    const { client, requests } = makeClient([networkDown(), networkDown(), ok({ id: 'x' })]);
    await expect(client.opportunity.moveStage(input)).resolves.toEqual({ id: 'x' });
    expect(requests).toHaveLength(3);
  });

  it.each([
    [400, 'validation_failed', ValidationError],
    [404, 'not_found', NotFoundError],
    [409, 'version_conflict', ConflictError],
    [501, 'not_implemented', ServerError],
  ] as const)('does not retry %i', async (status, code, cls) => {
    const { client, requests, delays } = makeClient([fail(status, code), ok({ id: 'x' })]);
    await expect(client.opportunity.moveStage(input)).rejects.toBeInstanceOf(cls);
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('does not retry with maxRetries: 0', async () => {
    const { client, requests } = makeClient([fail(503, 'unavailable'), ok({})], { maxRetries: 0 });
    await expect(client.opportunity.moveStage(input)).rejects.toBeInstanceOf(ServerError);
    expect(requests).toHaveLength(1);
  });
});

describe('PivotalClient idempotency', () => {
  it('sends one automatic Idempotency-Key, identical across the retries of a mutation', async () => {
    const { client, requests } = makeClient([fail(503, 'unavailable'), networkDown(), ok({ id: 'x' })]);
    await client.opportunity.moveStage(input);
    const keys = requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(keys[0]).toMatch(uuid);
    expect(new Set(keys).size).toBe(1);
  });

  it('uses a new automatic key for each call', async () => {
    const { client, requests } = makeClient([ok({ id: 'x' })]);
    await client.opportunity.moveStage(input);
    await client.opportunity.moveStage(input);
    expect(requests[0]?.headers['idempotency-key']).not.toBe(requests[1]?.headers['idempotency-key']);
  });

  it("uses the caller's idempotencyKey on every attempt", async () => {
    const { client, requests } = makeClient([fail(503, 'unavailable'), ok({ id: 'x' })]);
    await client.pipeline.create({ name: 'P', stageOrder: ['a', 'b'] }, { idempotencyKey: 'caller-key-1' });
    expect(requests.map((r) => r.headers['idempotency-key'])).toEqual(['caller-key-1', 'caller-key-1']);
  });

  it('omits the automatic key on a mutation that cannot be retried (maxRetries: 0)', async () => {
    const { client, requests } = makeClient([ok({ id: 'x' })], { maxRetries: 0 });
    await client.opportunity.moveStage(input);
    expect(requests[0]?.headers).not.toHaveProperty('idempotency-key');
  });

  it('sends no automatic key with a query, but still retries it', async () => {
    const { client, requests } = makeClient([fail(503, 'unavailable'), ok({ id: 't' })]);
    await expect(client.opportunity.get({ id: ids.opp })).resolves.toEqual({ id: 't' });
    expect(requests).toHaveLength(2);
    expect(requests[0]?.headers).not.toHaveProperty('idempotency-key');
    expect(requests[1]?.headers).not.toHaveProperty('idempotency-key');
  });
});

describe('retry helpers', () => {
  it('parses Retry-After seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T09:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it('caps the backoff at 8 s with full jitter', () => {
    expect(backoffDelay(0, () => 0.999)).toBeLessThan(250);
    expect(backoffDelay(3, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, () => 0)).toBe(0);
  });
});

describe('randomUuid', () => {
  it('makes v4 UUIDs, also without crypto.randomUUID (insecure browser contexts)', () => {
    expect(randomUuid()).toMatch(uuid);
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      const keys = new Set(Array.from({ length: 50 }, () => randomUuid()));
      expect(keys.size).toBe(50);
      for (const key of keys) expect(key).toMatch(uuid);
    } finally {
      // Uncover the prototype's randomUUID again.
      Reflect.deleteProperty(crypto, 'randomUUID');
      expect(typeof crypto.randomUUID).toBe('function');
    }
  });
});
