import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '#app';
import { handlers } from '#domains/handlers';
import { extraRoutes } from '#http/extraRoutes';
import { createMetrics } from '#observability/metrics';
import { buildServices } from '#services';
import { createTestApp, type TestApp, type TestTenant } from '../helpers/app';

const PER_CALLER = 6;
const PER_ADDRESS = 5;

/** One HTTP request from a chosen loopback address (127.0.0.0/8 all reach the server), so tests get their own budgets. */
function from(
  localAddress: string,
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, localAddress }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** Waits for a fresh one-minute window when the current one ends within a few seconds (fixed windows). */
async function freshWindow(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await new Promise((r) => setTimeout(r, left + 200));
}

describe('rate limits shared across processes, for callers and for client addresses', () => {
  let t: TestApp;
  let acme: TestTenant;
  let second: { baseUrl: string; close(): Promise<void> };
  const env = { RATE_LIMIT_PER_MINUTE: String(PER_CALLER), RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(PER_ADDRESS) };

  beforeAll(async () => {
    t = await createTestApp({ env });
    acme = await t.tenant();
    // A second API process over the same database: its own services, memory and limiter.
    const log = pino({ level: 'silent' });
    const services = await buildServices(t.config, t.db.appKnex);
    const extras = extraRoutes({ config: t.config, knex: t.db.appKnex, services, log });
    const app = createApp({
      config: t.config,
      knex: t.db.appKnex,
      services,
      handlers,
      log,
      metrics: createMetrics(false),
      extraRoutes: extras.mounts,
    });
    const server = http.createServer(app.callback());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    second = {
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      async close() {
        await extras.close();
        server.closeAllConnections();
        await new Promise<void>((r) => server.close(() => r()));
      },
    };
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });
  // Every test starts from empty counters in a fresh window.
  beforeEach(async () => {
    await t.db.ownerKnex.raw('TRUNCATE rate_limit_windows');
    await freshWindow();
  });

  const bases = () => [t.baseUrl, second.baseUrl];

  it('answers 429 with Retry-After to unauthenticated /t hits beyond the budget of the address, across both instances', async () => {
    const statuses: number[] = [];
    const ip = '127.0.0.2';
    for (let i = 0; i < PER_ADDRESS; i++) statuses.push((await from(ip, `${bases()[i % 2]}/t/not-a-token`)).status);
    expect(statuses).toEqual(Array(PER_ADDRESS).fill(404));
    for (const base of bases()) {
      const res = await from(ip, `${base}/t/not-a-token`);
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(JSON.parse(res.body).error).toMatchObject({
        code: 'rate_limited',
        message: expect.stringMatching(/from this address/),
      });
    }
    // /u and the Graph webhooks share the address's budget; another address still gets through.
    expect((await from(ip, `${t.baseUrl}/u/not-a-token`)).status).toBe(429);
    const graph = await from(ip, `${second.baseUrl}/webhooks/graph/notifications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"value":[]}',
    });
    expect(graph.status).toBe(429);
    expect((await from('127.0.0.3', `${t.baseUrl}/t/not-a-token`)).status).toBe(404);
  });

  it("shares one caller's budget between two instances over the same database, and counts opening the event stream", async () => {
    const me = (base: string) =>
      fetch(`${base}/v1/me.get`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.users.analyst.token}`, 'content-type': 'application/json' },
        body: '{}',
      });
    const statuses: number[] = [];
    for (let i = 0; i < PER_CALLER - 1; i++) statuses.push((await me(bases()[i % 2]!)).status);
    const stream = await fetch(`${second.baseUrl}/v1/events/stream`, {
      headers: { authorization: `Bearer ${acme.users.analyst.token}` },
    });
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    expect(statuses).toEqual(Array(PER_CALLER - 1).fill(200));
    // The budget is spent (5 calls and one stream, on two instances): the next of either is refused.
    for (const base of bases()) {
      const res = await me(base);
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const refusedStream = await fetch(`${t.baseUrl}/v1/events/stream`, {
      headers: { authorization: `Bearer ${acme.users.analyst.token}` },
    });
    expect(refusedStream.status).toBe(429);
    // Another caller of the same tenant has its own budget.
    expect(
      (
        await fetch(`${t.baseUrl}/v1/me.get`, {
          method: 'POST',
          headers: { authorization: `Bearer ${acme.users.admin.token}`, 'content-type': 'application/json' },
          body: '{}',
        })
      ).status,
    ).toBe(200);
  });

  it('counts refused credentials against the address: guessing past the budget answers 429, not 401', async () => {
    const ip = '127.0.0.4';
    const statuses: number[] = [];
    for (let i = 0; i < PER_ADDRESS + 2; i++) {
      const key = `pvk_${'0'.repeat(8)}-0000-7000-8000-${String(i).padStart(12, '0')}.guessguessguessguessguess`;
      statuses.push(
        (
          await from(ip, `${bases()[i % 2]}/v1/me.get`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: '{}',
          })
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(PER_ADDRESS).fill(401), 429, 429]);
    // The event stream too.
    expect((await from(ip, `${t.baseUrl}/v1/events/stream?access_token=nope`)).status).toBe(429);
  });
});
