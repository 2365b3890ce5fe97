import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A POST the receiver got: path, authorization header and JSON body (an array of events). */
export type ReceivedCallback = { path: string; authorization: string | null; events: Record<string, unknown>[] };

/** A local webhook receiver for tests and the demo: its URL, what it got, a wait helper and close. */
export type CallbackReceiver = {
  url: string;
  received: ReceivedCallback[];
  /** The events received so far, flattened. */
  events(): Record<string, unknown>[];
  /** Waits for an event of `type` (`CallConnected` or the full `Microsoft.Communication.` name) that `match` accepts. */
  waitForEvent(
    type: string,
    match?: (event: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  close(): Promise<void>;
};

const typeOf = (event: Record<string, unknown>) => String(event.type ?? event.eventType ?? '');

/** Starts a plain-HTTP receiver on 127.0.0.1 answering 200 to every POST. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = text ? (JSON.parse(text) as unknown) : [];
      received.push({
        path: new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        authorization: req.headers.authorization ?? null,
        events: Array.isArray(body) ? (body as Record<string, unknown>[]) : [body as Record<string, unknown>],
      });
      res.writeHead(200);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  const events = () => received.flatMap((r) => r.events);
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    events,
    async waitForEvent(type, match = () => true, timeoutMs = 3_000) {
      const full = type.includes('.') ? type : `Microsoft.Communication.${type}`;
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hit = events().find((e) => typeOf(e) === full && match(e));
        if (hit) return hit;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`receiver: no ${full} within ${timeoutMs} ms (got ${events().map(typeOf).join(', ')})`);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
