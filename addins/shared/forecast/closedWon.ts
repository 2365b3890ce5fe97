import type { Pipeline } from '@pivotal-pm/sdk';
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../data/api';
import { fromCents, toCents } from '../data/money';

/** Closed-won of a period: deals won with a close date in it, in the forecast's currency. */
export type ClosedWon = { count: number; amount: string; otherCurrencies: number };

/**
 * `opportunity.forecast.get` sums open deals only, so closed-won comes from `opportunity.list` (status won, close
 * date in the period), summed exactly like the forecast: only the forecast's currency (others are counted apart).
 * Under the `forecast` key, so whatever refreshes the forecast (a move, a live event) refreshes it too.
 */
export function useClosedWon(pipeline: Pipeline, range: { from: string; to: string }, currency: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['forecast', pipeline.id, range.from, range.to, 'won', currency],
    enabled: currency !== undefined,
    queryFn: async (): Promise<ClosedWon> => {
      const won = await api.opportunity
        .list({ pipelineId: pipeline.id, status: 'won', closeDateFrom: range.from, closeDateTo: range.to, limit: 200 })
        .toArray();
      const same = won.filter((o) => o.currency === currency);
      const cents = same.reduce((sum, o) => sum + toCents(o.amount), 0n);
      return { count: same.length, amount: fromCents(cents), otherCurrencies: won.length - same.length };
    },
  });
}
