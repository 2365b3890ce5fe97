import { Client, GraphError, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import pLimit, { type LimitFunction } from 'p-limit';
import type { MailboxAccess, MailboxRef } from '../mailboxAccess';
import { GraphRequestError, describeGraphFailure } from './errors';
import { DEFAULT_RETRY, RETRYABLE_STATUSES, type RetryPolicy, retryDelayMs } from './retry';

/** Graph allows 4 concurrent requests per app per mailbox. */
export const MAILBOX_CONCURRENCY = 4;

/** What the transport reports about each attempt (metrics, tests). */
export type TransportEvent =
  | { kind: 'start'; mailboxId: string; inFlight: number }
  | { kind: 'end'; mailboxId: string; inFlight: number; status: number }
  | { kind: 'retry'; mailboxId: string; status: number; attempt: number; delayMs: number };

/** Options of the transport; everything but `baseUrl` and `access` has production defaults. */
export type TransportOptions = {
  baseUrl: string;
  access: MailboxAccess;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  observe?: (event: TransportEvent) => void;
};

/**
 * One request: method, path or absolute link, optional body and extra `Prefer` values. `contentType` sends a
 * string body as it is (Graph takes MIME as base64 text with `text/plain`); otherwise the body is JSON.
 */
export type GraphCall = {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  body?: unknown;
  prefer?: string[];
  contentType?: string;
};

/** Sends Graph calls for mailboxes: immutable ids, at most N in flight per mailbox, bounded retries. */
export type GraphTransport = { send<T>(ref: MailboxRef, call: GraphCall): Promise<T> };

const GRAPH_HOSTS = new Set([
  'graph.microsoft.com',
  'graph.microsoft.us',
  'dod-graph.microsoft.us',
  'microsoftgraph.chinacloudapi.cn',
]);

/** Builds the transport over `@microsoft/microsoft-graph-client` (its own retry handler is left out: ours is bounded and per mailbox). */
export function createGraphTransport(options: TransportOptions): GraphTransport {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const random = options.random ?? Math.random;
  const origin = new URL(options.baseUrl);
  const customHosts = GRAPH_HOSTS.has(origin.hostname) ? undefined : new Set([origin.hostname]);
  const mailboxes = new Map<string, { client: Client; limit: LimitFunction }>();

  const slotFor = (ref: MailboxRef) => {
    const key = `${ref.tenantId}:${ref.mailboxId}`;
    let found = mailboxes.get(key);
    if (!found) {
      // The bearer is set per attempt (below) so MailboxAuthError reaches the caller unwrapped.
      const client = Client.initWithMiddleware({
        middleware: new HTTPMessageHandler(),
        baseUrl: origin.origin,
        defaultVersion: 'v1.0',
        ...(customHosts ? { customHosts } : {}),
      });
      found = { client, limit: pLimit(options.concurrency ?? MAILBOX_CONCURRENCY) };
      mailboxes.set(key, found);
    }
    return found;
  };

  const attempt = async <T>(client: Client, ref: MailboxRef, call: GraphCall): Promise<T> => {
    const token = await options.access.accessToken(ref);
    const request = client
      .api(call.path)
      .header('Authorization', `Bearer ${token}`)
      .header('Prefer', ['IdType="ImmutableId"', ...(call.prefer ?? [])].join(', '));
    if (call.contentType) request.header('Content-Type', call.contentType);
    if (call.method === 'GET') return (await request.get()) as T;
    if (call.method === 'POST') return (await request.post(call.body ?? {})) as T;
    if (call.method === 'PATCH') return (await request.patch(call.body ?? {})) as T;
    return (await request.delete()) as T;
  };

  return {
    async send<T>(ref: MailboxRef, call: GraphCall): Promise<T> {
      const { client, limit } = slotFor(ref);
      for (let n = 1; ; n += 1) {
        let failure: ReturnType<typeof describeGraphFailure>;
        try {
          // The slot is held only while the request is on the wire, never while backing off.
          return await limit(async () => {
            options.observe?.({ kind: 'start', mailboxId: ref.mailboxId, inFlight: limit.activeCount });
            let status = 200;
            try {
              return await attempt<T>(client, ref, call);
            } catch (error) {
              status = describeGraphFailure(error).status;
              throw error;
            } finally {
              options.observe?.({ kind: 'end', mailboxId: ref.mailboxId, inFlight: limit.activeCount - 1, status });
            }
          });
        } catch (error) {
          failure = describeGraphFailure(error);
          if (!(error instanceof GraphError)) throw error;
          // Status <= 0 is a network failure (no response): retried like a 503.
          if (failure.status > 0 && !RETRYABLE_STATUSES.has(failure.status))
            throw new GraphRequestError(failure.status, failure.code, failure.message, failure.retryAfterMs, n);
        }
        const tooLong = failure.retryAfterMs !== null && failure.retryAfterMs > policy.maxRetryAfterMs;
        if (n >= policy.maxAttempts || tooLong)
          throw new GraphRequestError(failure.status, failure.code, failure.message, failure.retryAfterMs, n);
        const delayMs = retryDelayMs(policy, n, failure.retryAfterMs, random);
        options.observe?.({ kind: 'retry', mailboxId: ref.mailboxId, status: failure.status, attempt: n, delayMs });
        await sleep(delayMs);
      }
    },
  };
}
