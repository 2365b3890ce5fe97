import http from 'node:http';
import https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/** Authority metadata documents: the same for every mailbox, so fetched once per host and kept for an hour. */
const DISCOVERY = /\/(\.well-known\/openid-configuration|discovery\/instance)(\?|$)/;
const DISCOVERY_TTL_MS = 60 * 60_000;

/**
 * MSAL's HTTP transport over node:http(s). The authority host decides where MSAL's discovery and token requests
 * go (Entra ID in production, the Graph emulator in tests and the demo); `ca` trusts the emulator's certificate
 * without touching the process-wide trust store.
 */
export function createMsalNetworkClient(options: { ca?: string; timeoutMs?: number } = {}): INetworkModule {
  const send = <T>(
    method: 'GET' | 'POST',
    url: string,
    init: NetworkRequestOptions = {},
    timeoutMs = options.timeoutMs ?? 15_000,
  ): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      const body = init.body;
      const headers: Record<string, string> = { ...init.headers };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = transport.request(
        target,
        {
          method,
          headers,
          timeout: timeoutMs,
          ...(options.ca && target.protocol === 'https:' ? { ca: options.ca } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const flat: Record<string, string> = {};
            for (const [k, v] of Object.entries(res.headers))
              if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
            let parsed: unknown = text;
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              // MSAL reads JSON bodies; a non-JSON answer (HTML error page) is handed over as text.
            }
            resolve({ headers: flat, body: parsed as T, status: res.statusCode ?? 0 });
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`MSAL request to ${target.origin} timed out`)));
      req.on('error', reject);
      if (body !== undefined) req.write(body);
      req.end();
    });
  return {
    sendGetRequestAsync: (url, init, timeout) => send('GET', url, init, timeout),
    sendPostRequestAsync: (url, init) => send('POST', url, init),
  };
}

/**
 * Keeps the authority's metadata documents (OpenID configuration, instance discovery) for an hour per URL.
 */
export function withDiscoveryCache(inner: INetworkModule): INetworkModule {
  // Every MSAL application instance (one per token acquisition, each over one mailbox's sealed cache) would
  // otherwise fetch the authority's metadata again before serving even a cached token.
  const discovered = new Map<string, { at: number; response: Promise<NetworkResponse<unknown>> }>();
  const cachedGet = <T>(url: string, init?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> => {
    if (!DISCOVERY.test(new URL(url).pathname + new URL(url).search))
      return inner.sendGetRequestAsync<T>(url, init, timeout);
    const hit = discovered.get(url);
    if (hit && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.response as Promise<NetworkResponse<T>>;
    const response = inner.sendGetRequestAsync<T>(url, init, timeout);
    discovered.set(url, { at: Date.now(), response });
    // Failures are not kept: the next acquisition asks again.
    response.then(
      (r) => r.status === 200 || discovered.delete(url),
      () => discovered.delete(url),
    );
    return response;
  };
  return {
    sendGetRequestAsync: (url, init, timeout) => cachedGet(url, init, timeout),
    sendPostRequestAsync: (url, init) => inner.sendPostRequestAsync(url, init),
  };
}
