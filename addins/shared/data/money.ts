/** Exact money arithmetic on decimal strings (the API's amounts), in integer cents with BigInt. */
import { fromCents, toCents } from '@pivotal-pm/sdk';

// The cents conversions are the SDK's (the bot and the backend use the same ones); re-exported for importers here.
export { fromCents, toCents };

const SCALE = 1_000_000_000n; // probability as an integer count of billionths, like the server's forecast

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
