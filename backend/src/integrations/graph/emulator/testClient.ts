import { request } from 'node:https';

/** A parsed response from the emulator. */
export type EmulatorResponse = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
};

/**
 * Request options for `callEmulator`: bearer token (null for none), headers, and a JSON body, a form, or a raw text
 * body sent as it is (its content type given in `headers`).
 */
export type CallOptions = {
  token?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
  form?: Record<string, string>;
  rawBody?: string;
};

/**
 * Calls the emulator over real HTTPS trusting only its CA (for tests and scripts); `pathOrUrl` may be a path or
 * an absolute nextLink/deltaLink.
 */
export function callEmulator(
  emulator: { url: string; caPem: string },
  method: string,
  pathOrUrl: string,
  options: CallOptions = {},
): Promise<EmulatorResponse> {
  const url = new URL(pathOrUrl, emulator.url);
  const form = options.form ? new URLSearchParams(options.form).toString() : undefined;
  const payload = options.rawBody ?? form ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const token = options.token === undefined ? 'test-token' : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (payload !== undefined && options.rawBody === undefined)
    headers['content-type'] = form === undefined ? 'application/json' : 'application/x-www-form-urlencoded';
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: emulator.caPem }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: parseBody(text, res.headers['content-type']),
        });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** Follows a messages delta round from `start` to its deltaLink, returning every item and the deltaLink. */
export async function deltaRound(
  emulator: { url: string; caPem: string },
  start: string,
  headers: Record<string, string> = {},
): Promise<{ items: Record<string, unknown>[]; pages: number; deltaLink: string }> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined = start;
  let pages = 0;
  while (next) {
    const res = await callEmulator(emulator, 'GET', next, { headers });
    if (res.status !== 200) throw new Error(`delta page answered ${res.status}: ${JSON.stringify(res.body)}`);
    pages += 1;
    items.push(...(res.body.value as Record<string, unknown>[]));
    const deltaLink = res.body['@odata.deltaLink'];
    if (typeof deltaLink === 'string') return { items, pages, deltaLink };
    next = res.body['@odata.nextLink'] as string | undefined;
  }
  throw new Error('delta round ended without a deltaLink');
}

function parseBody(text: string, contentType: string | undefined): Record<string, unknown> {
  if (!text) return {};
  if (contentType?.includes('json')) return JSON.parse(text) as Record<string, unknown>;
  return { text };
}
