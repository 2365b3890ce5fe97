import { DateTime } from 'luxon';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/**
 * The due time a sentence names, counted from `reference` in `zone`: "today" (17:00), "tomorrow" (09:00), a
 * weekday (its next occurrence, 09:00), "next week" (Monday 09:00), "end of the week" (Friday 17:00), "end of the
 * month" (its last day, 17:00), an ISO date (09:00). Null when it names none.
 */
export function dueDateIn(sentence: string, reference: Date, zone: string): Date | null {
  const s = sentence.toLowerCase();
  const now = DateTime.fromJSDate(reference, { zone });
  const at = (d: DateTime, hour: number) => d.set({ hour, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(s);
  if (iso) {
    const day = DateTime.fromISO(iso[1]!, { zone });
    if (day.isValid) return at(day, 9);
  }
  if (/\bend of (the )?month\b/.test(s)) return at(now.endOf('month'), 17);
  if (/\bend of (the )?week\b/.test(s)) {
    const friday = now.weekday <= 5 ? now.set({ weekday: 5 }) : now.plus({ weeks: 1 }).set({ weekday: 5 });
    return at(friday, 17);
  }
  if (/\bnext week\b/.test(s)) return at(now.plus({ weeks: 1 }).set({ weekday: 1 }), 9);
  if (/\btomorrow\b/.test(s)) return at(now.plus({ days: 1 }), 9);
  if (/\b(today|tonight|end of (the )?day)\b/.test(s)) return at(now, 17);
  const weekday = WEEKDAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(s));
  if (weekday >= 0) {
    const ahead = (weekday + 1 - now.weekday + 7) % 7 || 7;
    return at(now.plus({ days: ahead }), 9);
  }
  return null;
}
