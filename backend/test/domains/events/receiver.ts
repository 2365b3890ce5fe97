import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };

/** A local HTTP endpoint for webhooks: records every request; answers `status(path)` (default 204). */
export type Receiver = {
  url(path: string): string;
  received(path: string): Received[];
  /** The next `times` requests to `path` answer `status` (with `headers`, e.g. a redirect's location). */
  fail(path: string, status: number, times: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const failures = new Map<string, { status: number; times: number; headers?: Record<string, string> }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      requests.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const failure = failures.get(path);
      if (failure && failure.times > 0) {
        failure.times -= 1;
        res.writeHead(failure.status, failure.headers).end('nope');
        return;
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (path) => `${base}${path}`,
    received: (path) => requests.filter((r) => r.path === path),
    fail: (path, status, times, headers) => failures.set(path, { status, times, ...(headers ? { headers } : {}) }),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
