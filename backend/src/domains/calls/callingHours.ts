import { DateTime } from 'luxon';

/** When contacts may be called, in their own time zone: weekdays 09:00 to 20:00 (documented in docs/calls.md). */
export const CALLING_HOURS = { days: [1, 2, 3, 4, 5], from: 9, to: 20 } as const;

const valid = new Map<string, boolean>();

/** True when `zone` is an IANA zone Node knows (a contact's stored zone may be anything). */
export function knownZone(zone: string): boolean {
  let ok = valid.get(zone);
  if (ok === undefined) {
    ok = DateTime.local({ zone }).isValid;
    if (valid.size < 10_000) valid.set(zone, ok);
  }
  return ok;
}

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
