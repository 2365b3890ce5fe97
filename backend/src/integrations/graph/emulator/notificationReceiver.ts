import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A POST the receiver got: its query string's validationToken (if any) and its JSON body. */
export type ReceivedPost = { path: string; validationToken: string | null; body: unknown };

/** A local webhook receiver: its URL, what it received, a wait helper and close. */
export type NotificationReceiver = {
  url: string;
  received: ReceivedPost[];
  waitFor(predicate: (post: ReceivedPost) => boolean, timeoutMs?: number): Promise<ReceivedPost>;
  close(): Promise<void>;
};

/**
 * Starts a plain-HTTP receiver on 127.0.0.1 that echoes Graph's validationToken as text/plain (unless `echo` is
 * false, then it answers 200 with a wrong body) and answers 202 to notifications.
 */
export async function startNotificationReceiver(options: { echo?: boolean } = {}): Promise<NotificationReceiver> {
  const received: ReceivedPost[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const validationToken = url.searchParams.get('validationToken');
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({ path: url.pathname, validationToken, body: text ? (JSON.parse(text) as unknown) : null });
      if (validationToken !== null) {
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(options.echo === false ? 'nope' : validationToken);
        return;
      }
      res.writeHead(202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const waitFor = async (predicate: (post: ReceivedPost) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const hit = received.find(predicate);
      if (hit) return hit;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('receiver: timed out waiting for a matching POST');
  };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
