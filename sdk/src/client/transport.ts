import type { OperationSpec } from '../contract/defineOperation';
import { ConnectionError, errorForStatus, PivotalError, TimeoutError } from './errors';
import { abortReason, defaultSleep, isRetryable, parseRetryAfter, retryDelay, type SleepFn } from './retry';
import type { CallOptions, Page, PivotalClientOptions } from './types';
import { randomUuid } from './uuid';

/** The resolved settings a transport runs with. */
type Settings = {
  baseUrl: string;
  token: string | undefined;
  getToken: PivotalClientOptions['getToken'];
  fetch: typeof fetch;
  maxRetries: number;
  timeoutMs: number;
  headers: Record<string, string>;
  sleep: SleepFn;
  random: () => number;
};

/** Sends operations over HTTP: one `POST /v1/{id}` per attempt, with auth, timeouts and retries. */
export class Transport {
  readonly #s: Settings;

  constructor(options: PivotalClientOptions) {
    if (!options.baseUrl) throw new TypeError('PivotalClient: baseUrl is required');
    if (!options.fetch && typeof globalThis.fetch !== 'function') {
      throw new TypeError('PivotalClient: no global fetch available; pass options.fetch');
    }
    this.#s = {
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      token: options.token,
      getToken: options.getToken,
      // Bind: a browser's fetch throws "Illegal invocation" when called with another `this`.
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      maxRetries: Math.max(0, Math.floor(options.maxRetries ?? 2)),
      timeoutMs: options.timeoutMs ?? 30_000,
      headers: { ...options.headers },
      sleep: options.sleep ?? defaultSleep,
      random: options.random ?? Math.random,
    };
  }

  /** Calls `op` and answers the body's `data`. */
  async request(op: OperationSpec, input: unknown, options: CallOptions = {}): Promise<unknown> {
    const body = await this.#send(op, input, options);
    return body.data;
  }

  /** Calls a list operation and answers the page `{ data, nextCursor }`. */
  async requestPage(op: OperationSpec, input: unknown, options: CallOptions = {}): Promise<Page<unknown>> {
    const body = await this.#send(op, input, options);
    // Lists answer `{data: [...], nextCursor}`; also accept the page wrapped as `{data: {data, nextCursor}}`.
    const page = Array.isArray(body.data) ? body : (body.data as Record<string, unknown> | null);
    if (!page || !Array.isArray(page.data)) {
      throw new PivotalError(`${op.id}: the response is not a page`, {
        status: 200,
        code: 'invalid_response',
        requestId: null,
      });
    }
    const next = page.nextCursor;
    return { data: page.data as unknown[], nextCursor: typeof next === 'string' ? next : null };
  }

  async #send(op: OperationSpec, input: unknown, options: CallOptions): Promise<Record<string, unknown>> {
    const s = this.#s;
    const { signal } = options;
    // One key per call, reused by every attempt, so the server replays instead of applying twice.
    const idempotencyKey =
      options.idempotencyKey ?? (op.kind === 'mutation' && s.maxRetries > 0 ? randomUuid() : undefined);
    const json = JSON.stringify(input ?? {});
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortReason(signal);
      try {
        return await this.#attempt(op, json, idempotencyKey, options);
      } catch (error) {
        if (signal?.aborted) throw abortReason(signal);
        if (attempt >= s.maxRetries || !isRetryable(error)) throw error;
        const delay = retryDelay(error, attempt, s.random);
        if (delay === null) throw error;
        await s.sleep(delay, signal);
      }
    }
  }

  async #attempt(
    op: OperationSpec,
    json: string,
    idempotencyKey: string | undefined,
    options: CallOptions,
  ): Promise<Record<string, unknown>> {
    const s = this.#s;
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      ...lower(s.headers),
      ...lower(options.headers ?? {}),
    };
    const token = s.getToken ? await s.getToken() : s.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey !== undefined) headers['idempotency-key'] = idempotencyKey;

    const timeoutMs = options.timeoutMs ?? s.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const onAbort = (): void => controller.abort(abortReason(options.signal as AbortSignal));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new TimeoutError(`${op.id}: no response within ${timeoutMs} ms`));
    }, timeoutMs);
    try {
      const response = await s.fetch(`${s.baseUrl}/v1/${op.id}`, {
        method: 'POST',
        headers,
        body: json,
        signal: controller.signal,
      });
      const text = await response.text();
      return parseResponse(op, response, text);
    } catch (error) {
      if (timedOut) throw new TimeoutError(`${op.id}: no response within ${timeoutMs} ms`, { cause: error });
      if (options.signal?.aborted) throw abortReason(options.signal);
      if (error instanceof PivotalError) throw error;
      throw new ConnectionError(`${op.id}: ${error instanceof Error ? error.message : 'network failure'}`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** Header names in lower case, so a caller's `Authorization` replaces ours instead of doubling it. */
function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Turns a response into its JSON body, or throws the matching PivotalError. */
function parseResponse(op: OperationSpec, response: Response, text: string): Record<string, unknown> {
  const headerRequestId = response.headers.get('x-request-id');
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch (cause) {
    body = undefined;
    if (response.ok) {
      throw new PivotalError(`${op.id}: the response is not JSON`, {
        status: response.status,
        code: 'invalid_response',
        requestId: headerRequestId,
        headers: response.headers,
        cause,
      });
    }
  }
  if (response.ok) {
    if (typeof body !== 'object' || body === null) {
      throw new PivotalError(`${op.id}: the response has no body`, {
        status: response.status,
        code: 'invalid_response',
        requestId: headerRequestId,
        headers: response.headers,
      });
    }
    return body as Record<string, unknown>;
  }
  const error = (body as { error?: Record<string, unknown> } | undefined)?.error;
  const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`;
  const message = typeof error?.message === 'string' ? error.message : `${op.id}: HTTP ${response.status}`;
  const requestId = typeof error?.requestId === 'string' ? error.requestId : headerRequestId;
  return throwError(message, {
    status: response.status,
    code,
    requestId,
    details: error?.details,
    headers: response.headers,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
  });
}

function throwError(message: string, init: Parameters<typeof errorForStatus>[1]): never {
  throw errorForStatus(message, init);
}
