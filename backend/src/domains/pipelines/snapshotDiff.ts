import type { ForecastDiff, ForecastDiffEntry } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import type { FrozenOpportunity } from './presenters';

type Current = { id: string; name: string; stage: string; amount: string; closeDate: string | null; status: string };

const entry = (o: Current | FrozenOpportunity, previousCloseDate: string | null): ForecastDiffEntry => ({
  opportunityId: o.id,
  name: o.name,
  stage: o.stage,
  amount: o.amount,
  previousCloseDate,
  closeDate: o.closeDate,
});

const byCloseDate = (a: ForecastDiffEntry, b: ForecastDiffEntry) =>
  (a.closeDate ?? '9999-12-31').localeCompare(b.closeDate ?? '9999-12-31') ||
  a.opportunityId.localeCompare(b.opportunityId);

/**
 * What changed between the previous snapshot of a scope and the one being taken:
 * `new` (open in the period now, not before), `pushed` (still in, close date later), `slipped` (was in, still
 * open or on hold, close date now outside the period or cleared), `won` and `lost` (was in, closed since).
 * Opportunities that left for other reasons (another currency, pipeline or client) are not reported.
 */
export async function diffSnapshots(
  ctx: OpContext,
  previous: readonly FrozenOpportunity[],
  current: readonly FrozenOpportunity[],
  period: { from: string; to: string },
): Promise<ForecastDiff> {
  const before = new Map(previous.map((o) => [o.id, o]));
  const now = new Map(current.map((o) => [o.id, o]));
  const diff: ForecastDiff = { slipped: [], pushed: [], new: [], won: [], lost: [] };
  for (const o of current) {
    const was = before.get(o.id);
    if (!was) diff.new.push(entry(o, null));
    else if (was.closeDate !== null && o.closeDate !== null && o.closeDate > was.closeDate)
      diff.pushed.push(entry(o, was.closeDate));
  }
  const gone = previous.filter((o) => !now.has(o.id)).map((o) => o.id);
  if (gone.length) {
    const rows = (await ctx
      .trx('opportunities')
      .where({ tenantId: ctx.principal.tenantId })
      .whereIn('id', gone)
      .select('id', 'name', 'stage', 'amount', 'closeDate', 'status')) as Current[];
    for (const o of rows) {
      const was = before.get(o.id)!;
      if (o.status === 'won') diff.won.push(entry(o, was.closeDate));
      else if (o.status === 'lost') diff.lost.push(entry(o, was.closeDate));
      else if (o.closeDate === null || o.closeDate < period.from || o.closeDate > period.to)
        diff.slipped.push(entry(o, was.closeDate));
    }
  }
  for (const list of Object.values(diff)) list.sort(byCloseDate);
  return diff;
}
