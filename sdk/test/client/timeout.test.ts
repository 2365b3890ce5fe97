import { describe, expect, it } from 'vitest';
import { ConnectionError, TimeoutError } from '../../src/index';
import { fail, hang, ids, makeClient, ok } from './fakeFetch';

const input = { id: ids.opp, stage: 'proposal' };

describe('PivotalClient timeouts', () => {
  it('raises TimeoutError when an attempt exceeds timeoutMs', async () => {
    const { client, requests } = makeClient([hang()], { timeoutMs: 20, maxRetries: 0 });
    const error = await client.opportunity.moveStage(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ status: 0, code: 'timeout', name: 'TimeoutError' });
    expect(requests[0]?.signal?.aborted).toBe(true);
  });

  it('times out each attempt and retries with the same idempotency key', async () => {
    const { client, requests } = makeClient([hang(), hang(), ok({ id: 'x' })], { timeoutMs: 20 });
    await expect(client.opportunity.moveStage(input)).resolves.toEqual({ id: 'x' });
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['idempotency-key'])).size).toBe(1);
  });

  it('lets a call override the timeout', async () => {
    const { client } = makeClient([hang()], { timeoutMs: 60_000, maxRetries: 0 });
    const started = Date.now();
    await expect(client.opportunity.moveStage(input, { timeoutMs: 15 })).rejects.toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('PivotalClient abort signal', () => {
  it('stops at once on abort, with the signal reason and no retry', async () => {
    const { client, requests, delays } = makeClient([hang(), ok({})]);
    const controller = new AbortController();
    const call = client.opportunity.moveStage(input, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('user navigated away')), 10);
    await expect(call).rejects.toThrow('user navigated away');
    expect(requests).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { client, requests } = makeClient([ok({})]);
    const controller = new AbortController();
    controller.abort();
    const error = await client.opportunity.moveStage(input, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(requests).toHaveLength(0);
  });

  it('interrupts the wait between retries', async () => {
    const { client, requests } = makeClient([fail(503, 'unavailable', {}, { 'retry-after': '30' }), ok({})], {
      sleep: undefined,
    });
    const controller = new AbortController();
    const started = Date.now();
    const call = client.opportunity.moveStage(input, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toHaveLength(1);
  });
});
