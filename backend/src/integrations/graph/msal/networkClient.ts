import http from 'node:http';
import https from 'node:https';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';

/**
 * MSAL's HTTP transport over node:http(s). The authority host decides where MSAL's discovery and token requests
 * go (Entra ID in production, the Graph emulator in tests and the demo); `ca` trusts the emulator's certificate
 * without touching the process-wide trust store.
 */
export function createMsalNetworkClient(options: { ca?: string; timeoutMs?: number } = {}): INetworkModule {
  const send = <T>(method: 'GET' | 'POST', url: string, init: NetworkRequestOptions = {}, timeoutMs = options.timeoutMs ?? 15_000): Promise<NetworkResponse<T>> =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const transport = target.protocol === 'https:' ? https : http;
      const body = init.body;
      const headers: Record<string, string> = { ...init.headers };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = transport.request(target, { method, headers, timeout: timeoutMs, ...(options.ca && target.protocol === 'https:' ? { ca: options.ca } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const flat: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) flat[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : {};
          } catch {
            // MSAL reads JSON bodies; a non-JSON answer (HTML error page) is handed over as text.
          }
          resolve({ headers: flat, body: parsed as T, status: res.statusCode ?? 0 });
        });
        res.on('error', reject);
      });
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
