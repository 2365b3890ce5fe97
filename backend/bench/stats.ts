/** Latency summary of a series of samples in milliseconds. */
export type Summary = { n: number; p50: number; p95: number; p99: number; mean: number; max: number };

export function summarize(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: s.length,
    p50: r(at(0.5)),
    p95: r(at(0.95)),
    p99: r(at(0.99)),
    mean: r(s.reduce((a, b) => a + b, 0) / (s.length || 1)),
    max: r(s[s.length - 1] ?? 0),
  };
}

/** Runs `fn` `warmup` times unmeasured, then `n` times sequentially, and summarizes the latencies. */
export async function measure(n: number, warmup: number, fn: (i: number) => Promise<unknown>): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(warmup + i);
    samples.push(performance.now() - t0);
  }
  return summarize(samples);
}
