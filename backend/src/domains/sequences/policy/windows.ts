import type { SendWindow } from '@pivotal-pm/sdk';

/** A half-open range of minutes of a local day, `[start, end)`. */
export type Segment = [start: number, end: number];

/** `HH:mm` as minutes after midnight; an end of `23:59` means the end of the day (the spec's whole-day quiet hours). */
export function minutesOf(time: string, isEnd = false): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const minutes = h * 60 + m;
  return isEnd && minutes === 23 * 60 + 59 ? 24 * 60 : minutes;
}

function merge(segments: Segment[]): Segment[] {
  const sorted = [...segments].sort((a, b) => a[0] - b[0]);
  const out: Segment[] = [];
  for (const [s, e] of sorted) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** Quiet segments of an ISO weekday (1 = Monday). */
export function quietSegments(window: SendWindow, day: number): Segment[] {
  return merge(
    window.quietHours.filter((w) => w.day === day).map((w): Segment => [minutesOf(w.start), minutesOf(w.end, true)]),
  );
}

/**
 * The open segments of an ISO weekday: business hours minus quiet hours, merged and sorted. No business
 * hours at all means every hour is business hours (only quiet hours then restrict).
 */
export function allowedSegments(window: SendWindow, day: number): Segment[] {
  const business =
    window.businessHours.length === 0
      ? [[0, 24 * 60] as Segment]
      : merge(
          window.businessHours
            .filter((w) => w.day === day)
            .map((w): Segment => [minutesOf(w.start), minutesOf(w.end, true)]),
        );
  let open = business;
  for (const [qs, qe] of quietSegments(window, day)) {
    open = open.flatMap(([s, e]): Segment[] => {
      if (qe <= s || qs >= e) return [[s, e]];
      return [...(qs > s ? [[s, qs] as Segment] : []), ...(qe < e ? [[qe, e] as Segment] : [])];
    });
  }
  return open;
}
