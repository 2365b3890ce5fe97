import http from 'node:http';
import https from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import {
  addressVerdict,
  assertAddresses,
  OutboundRefused,
  outboundPolicy,
  parseTarget,
  type OutboundPolicy,
} from './outboundUrl';

/** One POST to a tenant-chosen URL. */
export type OutboundRequest = { headers: Record<string, string>; body: string; timeoutMs: number };
/** The receiver's answer: only its status matters (the body is dropped unread). */
export type OutboundResponse = { status: number };
/** Sends an outbound POST (the guarded one by default; tests may wrap it). */
export type OutboundPost = (url: string, request: OutboundRequest) => Promise<OutboundResponse>;

/**
 * A `lookup` for the socket that resolves through the policy and refuses the connection when any address is
 * not public, so what is checked is what is connected to (a name that turned private since it was saved, DNS
 * rebinding, is refused before any byte leaves).
 */
export function guardedLookup(policy: OutboundPolicy, localReceiver: boolean): LookupFunction {
  return (hostname, options, callback) => {
    policy.resolve(hostname).then(
      (found) => {
        try {
          assertAddresses(hostname, found, localReceiver);
        } catch (error) {
          callback(error as OutboundRefused, '', 0);
          return;
        }
        const usable =
          options.family === 4 || options.family === 6 ? found.filter((a) => a.family === options.family) : found;
        if (usable.length === 0) {
          callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** Second line of defence: the peer a socket actually reached must pass too (covers any path around `lookup`). */
function checkPeer(socket: Socket, localReceiver: boolean, refuse: (error: Error) => void): void {
  const verdict = socket.remoteAddress
    ? addressVerdict(socket.remoteAddress, localReceiver)
    : ({ allowed: true } as const);
  if (!verdict.allowed)
    refuse(new OutboundRefused(`the connection reached ${verdict.reason}; webhook targets must be public`));
}

/**
 * POSTs `request` to `url` under the outbound policy: the URL is checked again (scheme, credentials, literal
 * addresses), the host is resolved and checked at connect time, redirects are never followed (a 3xx is
 * answered as it is, and callers count it as a failure), and the whole call is bounded by `timeoutMs`.
 */
export function postGuarded(
  url: string,
  request: OutboundRequest,
  policy: OutboundPolicy = outboundPolicy(),
): Promise<OutboundResponse> {
  let target: ReturnType<typeof parseTarget>;
  try {
    target = parseTarget(url, policy);
  } catch (error) {
    return Promise.reject(error as Error);
  }
  const transport = target.url.protocol === 'https:' ? https : http;
  return new Promise<OutboundResponse>((resolve, reject) => {
    const req = transport.request(
      target.url,
      {
        method: 'POST',
        agent: false,
        lookup: guardedLookup(policy, target.localReceiver),
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        signal: AbortSignal.timeout(request.timeoutMs),
      },
      (res) => {
        res.destroy();
        resolve({ status: res.statusCode ?? 0 });
      },
    );
    req.on('socket', (socket) => {
      socket.once('connect', () => checkPeer(socket, target.localReceiver, (error) => req.destroy(error)));
    });
    req.on('error', (error) => {
      reject(
        error.name === 'AbortError' || error.name === 'TimeoutError'
          ? new Error(`no answer within ${request.timeoutMs} ms`)
          : error,
      );
    });
    req.end(request.body);
  });
}

/** The process's outbound POST: `postGuarded` under the policy in force at each call. */
export const postOutbound: OutboundPost = (url, request) => postGuarded(url, request, outboundPolicy());

/** The failure text of a non-2xx answer (a redirect says it was not followed). */
export function statusError(status: number): string {
  return status >= 300 && status < 400 ? `HTTP ${status} (redirects are not followed)` : `HTTP ${status}`;
}
