/** Exact money arithmetic on decimal strings (the API's amounts), in integer cents with BigInt. */

const SCALE = 1_000_000_000n; // probability as an integer count of billionths, like the server's forecast

/** "1234.5" -> 123450n cents. */
export function toCents(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', frac = ''] = amount.replace('-', '').split('.');
  const cents = BigInt(whole || '0') * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -cents : cents;
}

/** 123450n cents -> "1234.50". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
  return negative ? `-${text}` : text;
}

/** Rounds n / d half away from zero (Postgres `round(numeric)`). */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if (r * 2n >= d) return q + 1n;
  if (r * 2n <= -d) return q - 1n;
  return q;
}

/** Column figures: count, sum of amounts, sum of amount x probability (rounded once, at the end, to the cent). */
export type Figures = { count: number; amount: string; weighted: string };

/** Sums opportunities exactly the way `opportunity.forecast.get` does. */
export function sumFigures(items: readonly { amount: string; probability: number }[]): Figures {
  let amount = 0n;
  let weightedUnits = 0n;
  for (const it of items) {
    const cents = toCents(it.amount);
    amount += cents;
    weightedUnits += cents * BigInt(Math.round(it.probability * 1e9));
  }
  return { count: items.length, amount: fromCents(amount), weighted: fromCents(roundDiv(weightedUnits, SCALE)) };
}

/** Formatting lives in `format.ts` (money and dates, one module); re-exported for existing importers. */
export { formatMoney } from './format';
