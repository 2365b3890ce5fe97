/** A forecast period: a calendar month or quarter, `offset` periods from the one containing `today`. */
export type PeriodKind = 'month' | 'quarter';

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);

/** The close-date range of the period, and its label ("Nov 2026", "Q4 2026"). */
export function periodRange(
  kind: PeriodKind,
  offset: number,
  today = new Date(),
): { from: string; to: string; label: string } {
  const size = kind === 'month' ? 1 : 3;
  const startMonth = Math.floor(today.getUTCMonth() / size) * size + offset * size;
  const start = new Date(Date.UTC(today.getUTCFullYear(), startMonth, 1));
  const y = start.getUTCFullYear();
  const m = start.getUTCMonth();
  const label =
    kind === 'month'
      ? start.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' })
      : `Q${Math.floor(m / 3) + 1} ${y}`;
  return { from: iso(y, m, 1), to: iso(y, m + size, 0), label };
}
