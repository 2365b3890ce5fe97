/**
 * The one place the tab formats money and dates for people: cards, column headers, the detail panel, tasks, the
 * timeline and the forecast all go through here, in the reader's locale (`undefined`: the browser's).
 */

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let f = cache.get(key) as T | undefined;
  if (!f) {
    f = make();
    cache.set(key, f);
  }
  return f;
}

/** "12345.60" in GBP -> "£12,345.60" (en-GB); `compact` -> "£12.3K". */
export function formatMoney(amount: string, currency: string, compact = false, locale?: string): string {
  const f = cached(`money|${locale}|${currency}|${compact}`, () =>
    compact
      ? new Intl.NumberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 })
      : new Intl.NumberFormat(locale, { style: 'currency', currency }),
  );
  return f.format(Number(amount));
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A calendar date ("2026-12-01") or a timestamp, as a date: "1 Dec 2026" (en-GB), "Dec 1, 2026" (en-US). A calendar
 * date is the same day everywhere (read in UTC); a timestamp is shown on the reader's own day.
 */
export function formatDate(value: string, locale?: string): string {
  const dateOnly = DATE_ONLY.test(value);
  const f = cached(
    `date|${locale}|${dateOnly}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(dateOnly ? { timeZone: 'UTC' } : {}) }),
  );
  return f.format(new Date(dateOnly ? `${value}T00:00:00Z` : value));
}

/** A timestamp with its time: "3 Dec 2026, 14:05" (en-GB), in the reader's time zone. */
export function formatDateTime(value: string, locale?: string, timeZone?: string): string {
  const f = cached(
    `datetime|${locale}|${timeZone}`,
    () => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  );
  return f.format(new Date(value));
}

/** The month of a calendar date: "December 2026". */
export function formatMonth(value: string, locale?: string): string {
  const f = cached(
    `month|${locale}`,
    () => new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }),
  );
  return f.format(new Date(`${value.slice(0, 10)}T00:00:00Z`));
}

/** Today's calendar date ("2026-12-07") on the reader's clock. */
export function todayOf(now: number = Date.now()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** True for an open deal whose close date has passed (before `today`, a calendar date). */
export function isOverdue(opp: { status: string; closeDate: string | null }, today: string): boolean {
  return opp.status === 'open' && opp.closeDate !== null && opp.closeDate < today;
}
