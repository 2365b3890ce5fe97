/**
 * One database read shared by the gauges of a scrape: the registry collects every gauge at once, so the first asks
 * and the others wait for the same answer, kept a second.
 */
export function sharedScrape<T>(read: () => Promise<T>): () => Promise<T> {
  let scrape: Promise<T> | null = null;
  return () => {
    scrape ??= read().finally(() => setTimeout(() => (scrape = null), 1_000).unref());
    return scrape;
  };
}
