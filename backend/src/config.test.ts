import { describe, expect, it } from 'vitest';
import { loadConfig } from '#config';
import { EMBEDDED_PORT } from '#db/database';

describe('config', () => {
  it("puts the embedded Postgres below Linux's ephemeral port range (32768-60999) by default", () => {
    const config = loadConfig({});
    expect(config.pgPort).toBe(EMBEDDED_PORT);
    expect(config.pgPort).toBeLessThan(32768);
    expect(loadConfig({ PIVOTAL_PG_PORT: '25432' }).pgPort).toBe(25432);
  });
});
