import { DateTime } from 'luxon';

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a user's quiet hours end, if `now` falls inside them (local time in their zone; a range may cross midnight,
 * 20:00-08:00); null outside them or without quiet hours. A card held back goes out at that end.
 */
export function quietUntil(now: Date, zone: string, start: string | null, end: string | null): Date | null {
  if (!start || !end || start === end) return null;
  const local = DateTime.fromJSDate(now, { zone });
  const t = local.hour * 60 + local.minute;
  const [s, e] = [minutes(start), minutes(end)];
  const inside = s < e ? t >= s && t < e : t >= s || t < e;
  if (!inside) return null;
  const endToday = local.set({ hour: Math.floor(e / 60), minute: e % 60, second: 0, millisecond: 0 });
  return (t < e ? endToday : endToday.plus({ days: 1 })).toJSDate();
}
