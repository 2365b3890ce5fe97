import { PivotalClient } from '../../src/client/index';
import type { CallOptions, PivotalClientOptions } from '../../src/client/index';

/** One request the fake fetch received. */
export type Captured = {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  signal: AbortSignal | undefined;
};

/** Answers one request: a Response, or a thrown error (network failure). */
export type Responder = (request: Captured) => Response | Promise<Response>;

/** A fetch stand-in at the HTTP boundary: answers from a queue of responders and records every request. */
export function fakeFetch(...responders: Responder[]) {
  const requests: Captured[] = [];
  const queue = [...responders];
  const fetchFn = async (url: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const request: Captured = {
      url: String(url),
      method: init.method ?? 'GET',
      headers,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body,
      signal: init.signal ?? undefined,
    };
    requests.push(request);
    const responder = queue.length > 1 ? queue.shift() : queue[0];
    if (!responder) throw new Error(`fakeFetch: no responder for request #${requests.length}`);
    return responder(request);
  };
  return { fetch: fetchFn as typeof fetch, requests };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Responder {
  return () =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-header', ...headers },
    });
}

/** A `{data}` success response. */
export function ok(data: unknown, headers: Record<string, string> = {}): Responder {
  return json(200, { data }, headers);
}

/** An error response with the standard error body. */
export function fail(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Responder {
  return json(status, { error: { code, message: `${code} happened`, requestId: `req-${status}`, ...extra } }, headers);
}

/** A network failure, as fetch reports it. */
export function networkDown(): Responder {
  return () => Promise.reject(new TypeError('fetch failed'));
}

/** Never answers, but rejects like fetch does when the request's signal aborts. */
export function hang(): Responder {
  return (request) =>
    new Promise<Response>((_, reject) => {
      const signal = request.signal;
      if (!signal) return;
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
}

/** Records the delays the client waited between attempts, without waiting. */
export function recordingSleep() {
  const delays: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    delays.push(ms);
  };
  return { sleep, delays };
}

/** A client on the fake fetch with instant retries; extra options override. */
export function makeClient(responders: Responder[], options: Partial<PivotalClientOptions> = {}) {
  const fake = fakeFetch(...responders);
  const { sleep, delays } = recordingSleep();
  const client = new PivotalClient({
    baseUrl: 'https://api.test/',
    token: 'tok_123',
    fetch: fake.fetch,
    sleep,
    random: () => 0.5,
    ...options,
  });
  return { client, requests: fake.requests, delays };
}

/** UUIDs as the test fixtures use them. */
export const ids = {
  opp: '0190a6a2-7c3e-7d6b-9f3a-1b2c3d4e5f60',
  owner: '0190a6a2-7c3e-7d6b-9f3a-1b2c3d4e5f61',
} as const;

/** Calls the method at `id` of a client built with local `operations` (outside the typed registry). */
export function callLocal(client: object, id: string, input?: unknown, options?: CallOptions): unknown {
  let node: unknown = client;
  for (const segment of id.split('.')) node = (node as Record<string, unknown>)[segment];
  if (typeof node !== 'function') throw new Error(`no method ${id}`);
  return (node as (input?: unknown, options?: CallOptions) => unknown)(input, options);
}
