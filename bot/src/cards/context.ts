// What a card needs to know about its recipient and the app, and the locale-aware formatting built on it.
import { DateTime } from 'luxon';

/** The recipient's locale and time zone, the app's base URL and the Teams deep link to an opportunity. */
export type CardContext = {
  /** BCP 47 locale of the recipient, e.g. `en-GB`. */
  locale: string;
  /** IANA time zone of the recipient, e.g. `Europe/London`. */
  timeZone: string;
  /** Base URL of the Pivotal web app, without a trailing slash. */
  appBaseUrl: string;
  /** The Teams deep link to an opportunity's tab. */
  deepLink: (opportunityId: string) => string;
  /** The moment the card is built (ISO); fixed in tests so relative wording is stable. Defaults to now. */
  now?: string;
};

/** A money amount as a decimal string (exact to the cent, as the SDK sends it). */
export type Amount = string;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Formats a decimal-string amount in the recipient's locale, without rounding through a float. */
export function formatAmount(ctx: CardContext, amount: Amount, currency: string): string {
  const format = new Intl.NumberFormat(ctx.locale, { style: 'currency', currency, maximumFractionDigits: 0 });
  // Intl formats numeric strings exactly; anything else is shown as given rather than as NaN.
  return DECIMAL.test(amount) ? format.format(amount as `${number}`) : `${amount} ${currency}`;
}

/** Formats a count or score in the recipient's locale. */
export function formatNumber(ctx: CardContext, value: number): string {
  return new Intl.NumberFormat(ctx.locale).format(value);
}

function zoned(ctx: CardContext, iso: string): DateTime {
  return DateTime.fromISO(iso, { setZone: true }).setZone(ctx.timeZone).setLocale(ctx.locale);
}

function nowIn(ctx: CardContext): DateTime {
  return (ctx.now === undefined ? DateTime.now() : DateTime.fromISO(ctx.now)).setZone(ctx.timeZone);
}

/** Formats a calendar date (`YYYY-MM-DD`): it names a day, not an instant, so no time zone shift applies. */
export function formatDate(ctx: CardContext, date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).setLocale(ctx.locale).toLocaleString({
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  });
}

/** Formats a date range (`YYYY-MM-DD` both ends) the way the locale writes ranges ("3–9 Mar 2025"). */
export function formatDateRange(ctx: CardContext, from: string, to: string): string {
  const format = new Intl.DateTimeFormat(ctx.locale, {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return format.formatRange(new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`));
}

/**
 * Formats an instant in the recipient's zone, as briefly as is unambiguous from `now`: "10:42" today,
 * "Tue 09:00" in the next six days, "Wed 5 Mar, 16:20" otherwise (a bare weekday in the past reads as upcoming),
 * with the year when it differs.
 */
export function formatWhen(ctx: CardContext, iso: string): string {
  const at = zoned(ctx, iso);
  const now = nowIn(ctx);
  const time = at.toLocaleString(DateTime.TIME_24_SIMPLE);
  const days = at.startOf('day').diff(now.startOf('day'), 'days').days;
  if (days === 0) return time;
  if (days > 0 && days <= 6) return `${at.toLocaleString({ weekday: 'short' })} ${time}`;
  const year = at.year === now.year ? {} : { year: 'numeric' as const };
  return `${at.toLocaleString({ weekday: 'short', day: 'numeric', month: 'short', ...year })}, ${time}`;
}

/** A duration in hours as words: whole days when a multiple of 24 ("3 days"), hours otherwise ("36 hours"). */
export function formatHours(ctx: CardContext, hours: number, unitPrefix = ''): string {
  const days = hours / 24;
  const [value, unit] = hours > 0 && Number.isInteger(days) ? [days, 'day'] : [hours, 'hour'];
  return `${formatNumber(ctx, value)} ${unitPrefix}${unit}${value === 1 ? '' : 's'}`;
}

/** Joins a path onto the app's base URL, percent-encoding each segment and query value. */
export function appUrl(ctx: CardContext, segments: string[], query: Record<string, string> = {}): string {
  const path = segments.map((s) => encodeURIComponent(s)).join('/');
  const search = new URLSearchParams(query).toString();
  return `${ctx.appBaseUrl.replace(/\/+$/, '')}/${path}${search === '' ? '' : `?${search}`}`;
}
