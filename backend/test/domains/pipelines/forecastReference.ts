/** A plain-JS forecast with exact cents arithmetic, to check `opportunity.forecast.get` against. */
export type RefOpportunity = {
  amountCents: bigint;
  /** Probability in ten-thousandths (0..10000). */
  probability: number;
  tags: string[];
  status: 'open' | 'won' | 'lost' | 'onHold';
  currency: string;
  stage: string;
  ownerId: string;
  clientId: string | null;
  projectId: string | null;
  closeDate: string | null;
};
export type RefFigures = { count: number; amount: string; weighted: string; commit: string };

/** Cents as a decimal string: -123n -> "-1.23". */
export function formatCents(cents: bigint): string {
  const abs = cents < 0n ? -cents : cents;
  return `${cents < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** n / d rounded half away from zero (Postgres numeric round). */
function roundDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n % d;
  if ((r < 0n ? -r : r) * 2n >= d) return q + (n < 0n ? -1n : 1n);
  return q;
}

/** count / amount / weighted / commit of open opportunities. */
export function figures(opps: readonly RefOpportunity[]): RefFigures {
  const open = opps.filter((o) => o.status === 'open');
  const amount = open.reduce((s, o) => s + o.amountCents, 0n);
  const weightedTimes10k = open.reduce((s, o) => s + o.amountCents * BigInt(o.probability), 0n);
  const commit = open
    .filter((o) => o.probability >= 9000 || o.tags.includes('commit'))
    .reduce((s, o) => s + o.amountCents, 0n);
  return {
    count: open.length,
    amount: formatCents(amount),
    weighted: formatCents(roundDiv(weightedTimes10k, 10000n)),
    commit: formatCents(commit),
  };
}

/** The forecast of open opportunities in `currency` (and close-date `period`), sorted by key for comparison. */
export function referenceForecast(
  all: readonly RefOpportunity[],
  currency: string,
  period?: { from: string; to: string },
) {
  const inScope = all.filter(
    (o) =>
      o.status === 'open' &&
      o.currency === currency &&
      (!period || (o.closeDate !== null && o.closeDate >= period.from && o.closeDate <= period.to)),
  );
  const by = <K extends 'stage' | 'ownerId' | 'clientId' | 'projectId'>(key: K) => {
    const keys = [...new Set(inScope.map((o) => o[key]))].sort(byKey);
    return keys.map((k) => ({ [key]: k, ...figures(inScope.filter((o) => o[key] === k)) }));
  };
  return {
    currency,
    totals: figures(inScope),
    byStage: by('stage'),
    byOwner: by('ownerId'),
    byClient: by('clientId'),
    byProject: by('projectId'),
  };
}

/** Ascending, nulls last (the same order for the API answer and the reference). */
export function byKey(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/** A forecast answer with its rollups sorted by key (byStage comes in stage order from the API). */
export function sortedForecast<F extends { byStage: { stage: string }[] }>(f: F): F {
  return { ...f, byStage: [...f.byStage].sort((a, b) => byKey(a.stage, b.stage)) };
}
