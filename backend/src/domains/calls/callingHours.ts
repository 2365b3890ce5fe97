import { DateTime } from 'luxon';

/** When contacts may be called, in their own time zone: weekdays 09:00 to 20:00 (documented in docs/calls.md). */
export const CALLING_HOURS = { days: [1, 2, 3, 4, 5], from: 9, to: 20 } as const;

/** True when it is inside the calling hours in `zone` at `at`. */
export function insideCallingHours(zone: string, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone });
  if (!local.isValid) return false;
  return (
    (CALLING_HOURS.days as readonly number[]).includes(local.weekday) &&
    local.hour >= CALLING_HOURS.from &&
    local.hour < CALLING_HOURS.to
  );
}
