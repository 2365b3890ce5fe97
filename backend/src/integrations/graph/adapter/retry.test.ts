import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config';
import { DEFAULT_RETRY, parseRetryAfter, retryDelayMs } from './retry';

describe('retry policy', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });

  it('never waits less than Retry-After, and backs off exponentially with jitter and a cap otherwise', () => {
    expect(retryDelayMs(DEFAULT_RETRY, 1, 2_000, () => 0)).toBe(2_000);
    expect(retryDelayMs(DEFAULT_RETRY, 1, 2_000, () => 1)).toBe(2_200);
    expect(retryDelayMs(DEFAULT_RETRY, 1, null, () => 0)).toBe(250);
    expect(retryDelayMs(DEFAULT_RETRY, 3, null, () => 1)).toBe(2_000);
    expect(retryDelayMs(DEFAULT_RETRY, 20, null, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
  });

  it('defaults the Graph endpoint to the embedded emulator, to Graph in production, and validates a URL', () => {
    expect(loadConfig({}).graph.baseUrl).toBe('emulator');
    expect(
      loadConfig({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://x',
        ENTRA_AUDIENCE: 'a',
        PIVOTAL_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
      }).graph.baseUrl,
    ).toBe('https://graph.microsoft.com');
    expect(loadConfig({ GRAPH_BASE_URL: 'https://graph.example' }).graph.baseUrl).toBe('https://graph.example');
    expect(() => loadConfig({ GRAPH_BASE_URL: 'nope' })).toThrow(/GRAPH_BASE_URL/);
  });
});
