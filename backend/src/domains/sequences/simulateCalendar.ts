import { bucketOf, type Cap } from './policy/engine';

const SIZE: Record<Cap['period'], number> = { day: 86_400_000, minute: 60_000 };

/**
 * A calendar of used cap slots for a dry run: how many sends each cap bucket (UTC day or minute) holds, and, for
 * full buckets, a pointer to a later bucket that may have room. `nextRoom` follows the pointers and compresses the
 * path it walked (union-find style), so finding the first free minute behind a long run of full ones is amortised
 * O(1) instead of one policy pass per minute.
 */
export class SlotCalendar {
  private readonly counts = new Map<string, Map<number, number>>();
  private readonly skip = new Map<string, Map<number, number>>();

  private bucketsOf(map: Map<string, Map<number, number>>, key: string): Map<number, number> {
    let buckets = map.get(key);
    if (!buckets) map.set(key, (buckets = new Map()));
    return buckets;
  }

  /** How many sends the bucket starting at `bucketStart` of `key` holds. */
  usage = (key: string, bucketStart: number): number => this.counts.get(key)?.get(bucketStart) ?? 0;

  /** Adds `count` sends to a bucket (baseline counters, or one placed send). */
  add(key: string, bucketStart: number, count = 1): void {
    const buckets = this.bucketsOf(this.counts, key);
    buckets.set(bucketStart, (buckets.get(bucketStart) ?? 0) + count);
  }

  /** Counts one send at `at` under every cap. */
  record(caps: readonly Cap[], at: number): void {
    for (const cap of caps) this.add(cap.key, bucketOf(at, cap.period));
  }

  /** The start of the first bucket after `bucketStart` with room under `cap`. */
  nextRoom = (cap: Cap, bucketStart: number): number => {
    const size = SIZE[cap.period];
    const counts = this.bucketsOf(this.counts, cap.key);
    const skip = this.bucketsOf(this.skip, cap.key);
    const walked: number[] = [];
    let b = bucketStart + size;
    while ((counts.get(b) ?? 0) >= cap.limit) {
      walked.push(b);
      b = Math.max(skip.get(b) ?? b + size, b + size);
    }
    for (const w of walked) skip.set(w, b);
    return b;
  };
}
