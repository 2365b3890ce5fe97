import { describe, expect, it } from 'vitest';
import { backoffMs } from './backoff';

describe('backoffMs', () => {
  const policy = { baseMs: 1_000, maxMs: 30_000 };

  it('doubles from the base after each failure and stops at the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffMs(policy, n))).toEqual([
      1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000,
    ]);
    expect(backoffMs(policy, 0)).toBe(1_000);
  });

  it('spreads each delay within the policy bounds', () => {
    const spread = { ...policy, spread: [0.8, 1.2] as const };
    expect(backoffMs(spread, 3, () => 0)).toBe(3_200);
    expect(backoffMs(spread, 3, () => 0.999999)).toBe(4_800);
    expect(backoffMs({ ...policy, spread: [0.5, 1] }, 6, () => 0)).toBe(15_000);
  });
});
