import { DateTime } from 'luxon';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const KEYWORD =
  /\b(back|return(?:ing)?|returns|until|till|through|thru|in the office (?:on|from)|reachable (?:again )?(?:on|from)|available (?:again )?(?:on|from)|resume|out of (?:the )?office from .{0,30}? to)\b/gi;
const FORMS: { re: RegExp; parse: (m: RegExpExecArray) => { y: number | null; mo: number; d: number } | null }[] = [
  { re: /(\d{4})-(\d{2})-(\d{2})/y, parse: (m) => ({ y: Number(m[1]), mo: Number(m[2]), d: Number(m[3]) }) },
  {
    re: new RegExp(`${DAY}\\s+(?:of\\s+)?${MONTH},?(?:\\s+(\\d{4}))?`, 'iy'),
    parse: (m) => ({ y: m[3] ? Number(m[3]) : null, mo: monthOf(m[2]), d: Number(m[1]) }),
  },
  {
    re: new RegExp(`${MONTH}\\s+${DAY},?(?:\\s+(\\d{4}))?`, 'iy'),
    parse: (m) => ({ y: m[3] ? Number(m[3]) : null, mo: monthOf(m[1]), d: Number(m[2]) }),
  },
  {
    re: /(\d{1,2})\.(\d{1,2})\.(\d{2,4})?/y,
    parse: (m) => ({ y: m[3] ? fullYear(m[3]) : null, mo: Number(m[2]), d: Number(m[1]) }),
  },
  {
    re: /(\d{1,2})\/(\d{1,2})(?:\/(\d{2,4}))?/y,
    // Month first unless that cannot be a date (13/01): the sender's locale is unknown.
    parse: (m) =>
      Number(m[1]) > 12
        ? { y: m[3] ? fullYear(m[3]) : null, mo: Number(m[2]), d: Number(m[1]) }
        : { y: m[3] ? fullYear(m[3]) : null, mo: Number(m[1]), d: Number(m[2]) },
  },
];

function monthOf(name: string | undefined): number {
  return MONTHS.indexOf((name ?? '').slice(0, 3).toLowerCase()) + 1;
}

function fullYear(text: string): number {
  const n = Number(text);
  return n < 100 ? 2000 + n : n;
}

function dateAt(text: string, at: number, received: DateTime): string | null {
  for (const form of FORMS) {
    form.re.lastIndex = at;
    const match = form.re.exec(text);
    const parts = match ? form.parse(match) : null;
    if (!parts || parts.mo < 1) continue;
    let date = DateTime.fromObject({ year: parts.y ?? received.year, month: parts.mo, day: parts.d }, { zone: 'utc' });
    if (!date.isValid) continue;
    // No year given: the next such day on or after the message (a December OOO saying "January 5" means next year).
    if (parts.y === null && date < received.startOf('day')) date = date.plus({ years: 1 });
    return date.toISODate();
  }
  return null;
}

/**
 * The return date an out-of-office text gives ("back on Monday, 14 December", "returning 2026-12-03",
 * "out until 12/3"), as YYYY-MM-DD, or null. Looks for a date within a few words after a return keyword.
 */
export function findReturnDate(text: string, receivedAt: Date): string | null {
  const received = DateTime.fromJSDate(receivedAt, { zone: 'utc' });
  for (const keyword of text.matchAll(KEYWORD)) {
    const start = (keyword.index ?? 0) + keyword[0].length;
    const window = text.slice(start, start + 60);
    // Try each word start in the window (skips "on", "Monday,", "the" and the like).
    for (const word of window.matchAll(/\S+/g)) {
      const found = dateAt(text, start + (word.index ?? 0), received);
      if (found) return found;
    }
  }
  return null;
}
