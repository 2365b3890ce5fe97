/** One parsed Server-Sent Event. */
export type SseEvent = { id: string | undefined; event: string | undefined; data: string };

/** A live SSE response read with fetch: frames as they arrive. */
export type SseStream = {
  status: number;
  headers: Headers;
  events: SseEvent[];
  comments: string[];
  /** Resolves when `n` events arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<SseEvent[]>;
  /** Resolves when the server ended the stream. */
  ended: Promise<void>;
  close(): void;
};

/** Opens `url` and parses its body as an event stream until closed; waits for the first bytes. */
export async function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const listeners = new Set<() => void>();
  let buffer = '';
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let first!: () => void;
  const started = new Promise<void>((r) => (first = r));
  const ended = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let at: number;
        while ((at = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const e: SseEvent = { id: undefined, event: undefined, data: '' };
          let isEvent = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) e.id = line.slice(4);
            else if (line.startsWith('event: ')) e.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              e.data += line.slice(6);
              isEvent = true;
            }
          }
          if (isEvent) events.push(e);
          first();
          for (const l of listeners) l();
        }
      }
    } catch {
      // aborted by close()
    } finally {
      first();
      for (const l of listeners) l();
    }
  })();
  if (res.ok) await started;
  return {
    status: res.status,
    headers: res.headers,
    events,
    comments,
    ended,
    waitFor(n, timeoutMs = 2_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (events.length >= n) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(events.slice(0, n));
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`expected ${n} events within ${timeoutMs} ms, got ${events.length}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}
