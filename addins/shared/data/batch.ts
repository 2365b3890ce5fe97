/**
 * Coalesces the lookups asked for in the same tick into one request per `max` keys: every visible card asks for its
 * own contact or next task through react-query, and the board sends one `contact.list { ids }` or
 * `task.list { opportunityIds }` for all of them instead of one request per card.
 */
export function batcher<K, V>(load: (keys: K[]) => Promise<Map<K, V>>, max = 100): (key: K) => Promise<V | null> {
  let pending = new Map<K, { resolve(v: V | null): void; reject(e: unknown): void }[]>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const batch = pending;
    pending = new Map();
    const keys = [...batch.keys()];
    for (let i = 0; i < keys.length; i += max) {
      const chunk = keys.slice(i, i + max);
      load(chunk).then(
        (found) => chunk.forEach((k) => batch.get(k)!.forEach((w) => w.resolve(found.get(k) ?? null))),
        (error: unknown) => chunk.forEach((k) => batch.get(k)!.forEach((w) => w.reject(error))),
      );
    }
  };
  return (key) =>
    new Promise<V | null>((resolve, reject) => {
      const waiting = pending.get(key) ?? [];
      waiting.push({ resolve, reject });
      pending.set(key, waiting);
      if (!scheduled) {
        scheduled = true;
        setTimeout(flush, 0);
      }
    });
}
