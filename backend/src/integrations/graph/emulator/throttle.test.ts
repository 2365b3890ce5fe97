import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GraphEmulator, startGraphEmulator } from './server';
import { callEmulator } from './testClient';

describe('graph emulator: throttling and faults', () => {
  let emulator: GraphEmulator;
  beforeAll(async () => {
    emulator = await startGraphEmulator({ limits: { windowMs: 2_000, maxRequests: 5 } });
  });
  afterAll(() => emulator.close());

  it('answers 429 ApplicationThrottled with Retry-After beyond 4 concurrent requests per mailbox', async () => {
    emulator.control.seedMailbox({ address: 'busy@agency.example', messages: 1 });
    emulator.control.seedMailbox({ address: 'calm@agency.example', messages: 1 });
    emulator.control.setLimits({ maxRequests: 1_000 });
    emulator.control.injectFault('busy@agency.example', { kind: 'latency', ms: 300 });
    const calls = Array.from({ length: 6 }, () =>
      callEmulator(emulator, 'GET', '/v1.0/users/busy@agency.example/mailFolders'),
    );
    const other = await callEmulator(emulator, 'GET', '/v1.0/users/calm@agency.example/mailFolders');
    const results = await Promise.all(calls);
    expect(other.status).toBe(200);
    expect(results.filter((r) => r.status === 200)).toHaveLength(4);
    const refused = results.filter((r) => r.status === 429);
    expect(refused).toHaveLength(2);
    expect(refused[0]?.headers['retry-after']).toBe('1');
    expect(refused[0]?.body).toMatchObject({ error: { code: 'ApplicationThrottled' } });
    emulator.control.injectFault('busy@agency.example', { kind: 'latency', ms: 0 });
    emulator.control.setLimits({ maxRequests: 5 });
  });

  it('answers 429 once the sliding window is spent, and admits again when it slides', async () => {
    const box = 'window@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`)).status).toBe(200);
  });

  it('injects 429 TooManyRequests, 503 and 504 for the next N requests', async () => {
    const box = 'faulty@agency.example';
    emulator.control.seedMailbox({ address: box, messages: 1 });
    emulator.control.injectFault(box, { kind: 'throttle', count: 1, retryAfterSeconds: 7 });
    const throttled = await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`);
    expect(throttled.status).toBe(429);
    expect(throttled.headers['retry-after']).toBe('7');
    expect(throttled.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    emulator.control.injectFault(box, { kind: 'unavailable', count: 2, status: 503 });
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`)).status).toBe(503);
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`)).status).toBe(503);
    expect((await callEmulator(emulator, 'GET', `/v1.0/users/${box}/mailFolders`)).status).toBe(200);
  });
});
