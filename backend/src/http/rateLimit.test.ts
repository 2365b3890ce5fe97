import { describe, expect, it } from 'vitest';
import { createRateLimiter, memoryRateStore, type RateLimitStore } from './rateLimit';

const principal = {
  kind: 'user' as const,
  tenantId: 't1',
  userId: 'u1',
  roles: ['admin' as const],
  clientIds: null,
  actor: 'user:u1',
};

describe('rate limiter', () => {
  it('refuses a bucket over its budget from memory for the rest of its window (one store call per flood)', async () => {
    let calls = 0;
    const store: RateLimitStore = async (bucket, windowSeconds) => {
      calls += 1;
      return memoryRateStore()(bucket, windowSeconds).then(() => ({ hits: calls, secondsLeft: 30 }));
    };
    const limiter = createRateLimiter({ store, perCaller: 2, perAddress: 2 });
    await limiter.forCaller(principal);
    await limiter.forCaller(principal);
    await expect(limiter.forCaller(principal)).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retryAfterSeconds: 30 },
    });
    for (let i = 0; i < 10; i++)
      await expect(limiter.forCaller(principal)).rejects.toMatchObject({ code: 'rate_limited' });
    expect(calls).toBe(3);
  });

  it('keeps limiting per process while the shared counters are unreachable', async () => {
    const store: RateLimitStore = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
    const limiter = createRateLimiter({ store, perCaller: 100, perAddress: 3 });
    for (let i = 0; i < 3; i++) await limiter.forAddress('10.0.0.1');
    await expect(limiter.forAddress('10.0.0.1')).rejects.toMatchObject({ code: 'rate_limited' });
    await limiter.forAddress('10.0.0.2');
  });
});
