import { formatMonth } from '../data/format';

/** A forecast period: a calendar month or quarter, `offset` periods from the one containing `today`. */
export type PeriodKind = 'month' | 'quarter';

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The close-date range of the period, and its label ("November 2026" in the reader's locale, "Q4 2026"). */
export function periodRange(
  kind: PeriodKind,
  offset: number,
  today = new Date(),
  locale?: string,
): { from: string; to: string; label: string } {
  const size = kind === 'month' ? 1 : 3;
  const startMonth = Math.floor(today.getUTCMonth() / size) * size + offset * size;
  const start = new Date(Date.UTC(today.getUTCFullYear(), startMonth, 1));
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const from = iso(y, m, 1);
  const label = kind === 'month' ? formatMonth(from, locale) : `Q${Math.floor(m / 3) + 1} ${y}`;
  return { from, to: iso(y, m + size, 0), label };
}

/** The period toggle's label, naming the actual period: "This month: December 2026", "This quarter: Q4 2026". */
export function currentPeriodLabel(kind: PeriodKind, today = new Date(), locale?: string): string {
  return `This ${kind}: ${periodRange(kind, 0, today, locale).label}`;
}
