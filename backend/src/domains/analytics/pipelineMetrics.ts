import { isLostStage, isTerminalStage, maxIdleHours, type PipelineMetrics } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { computeForecast, type ResolvedScope } from '#domains/pipelines/forecast';
import type { PipelineRow } from '#domains/pipelines/rows';
import { days, share, type Period } from './period';

/** The narrowing every figure of a pipeline report shares (columns of both opportunities and the stage history). */
export type MetricsFilter = {
  ownerId?: string | undefined;
  clientId?: string | undefined;
  projectId?: string | undefined;
};

/** `AND alias.owner_id = :ownerId ...` for the filters given (named bindings of the same names). */
export function filterSql(alias: string, filter: MetricsFilter): string {
  return [
    filter.ownerId ? `AND ${alias}.owner_id = :ownerId` : '',
    filter.clientId ? `AND ${alias}.client_id = :clientId` : '',
    filter.projectId ? `AND ${alias}.project_id = :projectId` : '',
  ].join(' ');
}

export const filterBindings = (filter: MetricsFilter) => ({
  ownerId: filter.ownerId ?? null,
  clientId: filter.clientId ?? null,
  projectId: filter.projectId ?? null,
});

/**
 * The rank of each stage for conversion: its position in the order for open and won stages, 0 for lost ones (a
 * move to a lost stage is never a conversion).
 */
export function conversionRanks(stageOrder: readonly string[]): Record<string, number> {
  return Object.fromEntries(stageOrder.map((s, i) => [s, isLostStage(s) ? 0 : i + 1]));
}

type FlowRow = {
  stage: string;
  entered: number;
  converted: number;
  avg_days: string | null;
  median_days: string | null;
};

/**
 * Conversion and time in stage from the stage history. A stay converts when the stage it led to ranks higher (a
 * later open stage, or won; `next_stage` is written when the stay ends). Stays count in the period they entered;
 * time in stage is measured over the stays that ended in the period.
 */
async function stageFlow(ctx: OpContext, pipeline: PipelineRow, period: Period, filter: MetricsFilter) {
  const bindings = {
    tenantId: ctx.principal.tenantId,
    pipelineId: pipeline.id,
    start: period.start,
    end: period.end,
    ranks: JSON.stringify(conversionRanks(pipeline.stageOrder)),
    ...filterBindings(filter),
  };
  // Stays entered in the period (an index range, hashed by stage: no sort, no join).
  const entered = (await ctx.trx.raw(
    `SELECT h.stage, count(*)::int AS entered,
            count(*) FILTER (WHERE (CAST(:ranks AS jsonb) ->> h.next_stage)::int > (CAST(:ranks AS jsonb) ->> h.stage)::int)::int
              AS converted
       FROM opportunity_stage_history h
      WHERE h.tenant_id = :tenantId AND h.pipeline_id = :pipelineId AND h.entered_at >= :start AND h.entered_at < :end
        ${filterSql('h', filter)}
      GROUP BY h.stage`,
    bindings,
  )) as { rows: Pick<FlowRow, 'stage' | 'entered' | 'converted'>[] };
  // Stays ended in the period (their own index range): mean and median days.
  const ended = (await ctx.trx.raw(
    `SELECT h.stage, avg(extract(epoch FROM h.exited_at - h.entered_at) / 86400) AS avg_days,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM h.exited_at - h.entered_at) / 86400) AS median_days
       FROM opportunity_stage_history h
      WHERE h.tenant_id = :tenantId AND h.pipeline_id = :pipelineId AND h.exited_at >= :start AND h.exited_at < :end
        ${filterSql('h', filter)}
      GROUP BY h.stage`,
    bindings,
  )) as { rows: Pick<FlowRow, 'stage' | 'avg_days' | 'median_days'>[] };
  const flow = new Map<string, FlowRow>();
  const of = (stage: string) =>
    flow.get(stage) ??
    flow.set(stage, { stage, entered: 0, converted: 0, avg_days: null, median_days: null }).get(stage)!;
  for (const r of entered.rows) Object.assign(of(r.stage), { entered: r.entered, converted: r.converted });
  for (const r of ended.rows) Object.assign(of(r.stage), { avg_days: r.avg_days, median_days: r.median_days });
  return flow;
}

/** Days from creation to close (an imported deal closed before it was recorded counts 0, never negative). */
const CYCLE_DAYS = 'greatest(extract(epoch FROM o.closed_at - o.created_at) / 86400, 0)';

type ClosedRow = { outcome: 'won' | 'lost'; reason: string; count: number; amount: string };
type CycleRow = { avg_days: string | null; median_days: string | null };

/** Won and lost in the period by reason (amounts in the report's currency), and the sales cycle of the wins. */
async function closed(ctx: OpContext, pipeline: PipelineRow, period: Period, filter: MetricsFilter, currency: string) {
  const bindings = {
    tenantId: ctx.principal.tenantId,
    pipelineId: pipeline.id,
    start: period.start,
    end: period.end,
    currency,
    ...filterBindings(filter),
  };
  const where = `o.tenant_id = :tenantId AND o.pipeline_id = :pipelineId AND o.closed_at >= :start
    AND o.closed_at < :end ${filterSql('o', filter)}`;
  // One connection per request transaction: its queries run one after the other.
  const byReason = await ctx.trx.raw(
    `SELECT o.status AS outcome, coalesce(nullif(o.reason, ''), '(none)') AS reason, count(*)::int AS count,
              round(coalesce(sum(o.amount) FILTER (WHERE o.currency = :currency), 0), 2)::text AS amount
         FROM opportunities o WHERE ${where} AND o.status IN ('won', 'lost')
        GROUP BY 1, 2 ORDER BY 1 DESC, 3 DESC, 2`,
    bindings,
  );
  const cycle = await ctx.trx.raw(
    `SELECT avg(${CYCLE_DAYS}) AS avg_days, percentile_cont(0.5) WITHIN GROUP (ORDER BY ${CYCLE_DAYS}) AS median_days
         FROM opportunities o WHERE ${where} AND o.status = 'won'`,
    bindings,
  );
  return { byReason: (byReason as { rows: ClosedRow[] }).rows, cycle: (cycle as { rows: CycleRow[] }).rows[0]! };
}

/** Open opportunities of the pipeline past their stage's idle limit now (the SDK's SLA rule, an index range per stage). */
async function slaBreaches(ctx: OpContext, pipeline: PipelineRow, filter: MetricsFilter): Promise<number> {
  const limits = idleLimits(pipeline);
  if (limits.length === 0) return 0;
  const { rows } = (await ctx.trx.raw(
    `SELECT count(*)::int AS n
       FROM opportunities o
       JOIN (SELECT unnest(CAST(:stages AS text[])) AS stage, unnest(CAST(:hours AS float8[])) AS hours) l ON l.stage = o.stage
      WHERE o.tenant_id = :tenantId AND o.pipeline_id = :pipelineId AND o.status = 'open' ${filterSql('o', filter)}
        AND coalesce(o.last_activity_at, o.stage_entered_at) < CAST(:now AS timestamptz) - l.hours * interval '1 hour'`,
    {
      tenantId: ctx.principal.tenantId,
      pipelineId: pipeline.id,
      now: ctx.now,
      stages: limits.map((l) => l.stage),
      hours: limits.map((l) => l.hours),
      ...filterBindings(filter),
    },
  )) as { rows: { n: number }[] };
  return rows[0]!.n;
}

/** The idle limit (hours) of each of a pipeline's stages that has one. */
export function idleLimits(
  pipeline: Pick<PipelineRow, 'stageOrder' | 'slaPolicy'>,
): { stage: string; hours: number }[] {
  return pipeline.stageOrder.flatMap((stage) => {
    const hours = maxIdleHours(pipeline.slaPolicy ?? {}, stage);
    return hours === null ? [] : [{ stage, hours }];
  });
}

/**
 * A pipeline's report for a period: open figures by stage now (the forecast's exact sums), conversion and time in
 * stage from the stage history, the sales cycle, wins and losses by reason, and SLA breaches now (internal: not
 * for a client-confined caller).
 */
export async function pipelineMetrics(
  ctx: OpContext,
  scope: ResolvedScope & { pipeline: PipelineRow },
  period: Period,
): Promise<PipelineMetrics> {
  const { pipeline } = scope;
  const filter: MetricsFilter = { ownerId: scope.ownerId, clientId: scope.clientId, projectId: scope.projectId };
  const internal = ctx.principal.clientIds === null;
  const open = await computeForecast(ctx, { ...scope, period: undefined });
  const flow = await stageFlow(ctx, pipeline, period, filter);
  const done = await closed(ctx, pipeline, period, filter, scope.currency);
  const breaches = internal ? await slaBreaches(ctx, pipeline, filter) : null;
  const openByStage = new Map(open.byStage.map((s) => [s.stage, s]));
  const count = (outcome: 'won' | 'lost') =>
    done.byReason.filter((r) => r.outcome === outcome).reduce((n, r) => n + r.count, 0);
  const won = count('won');
  const lost = count('lost');
  const wonAmount = done.byReason
    .filter((r) => r.outcome === 'won')
    .reduce((sum, r) => sum + Math.round(Number(r.amount) * 100), 0);
  return {
    pipelineId: pipeline.id,
    currency: scope.currency,
    period: { from: period.from, to: period.to },
    stages: pipeline.stageOrder.map((stage) => {
      const f = flow.get(stage);
      const o = openByStage.get(stage);
      const terminal = isTerminalStage(stage);
      return {
        stage,
        count: o?.count ?? 0,
        amount: o?.amount ?? '0.00',
        weighted: o?.weighted ?? '0.00',
        conversionRate: terminal ? null : share(f?.converted ?? 0, f?.entered ?? 0),
        entered: f?.entered ?? 0,
        converted: terminal ? 0 : (f?.converted ?? 0),
        avgDaysInStage: terminal ? null : days(f?.avg_days ?? null),
        medianDaysInStage: terminal ? null : days(f?.median_days ?? null),
      };
    }),
    velocity: {
      avgDaysToClose: days(done.cycle.avg_days),
      medianDaysToClose: days(done.cycle.median_days),
      wonPerWeek: Math.round((won / (period.days / 7)) * 100) / 100,
    },
    weighted: open.totals.weighted,
    commit: open.totals.commit,
    won,
    lost,
    wonAmount: (wonAmount / 100).toFixed(2),
    winRate: share(won, won + lost),
    winLossByReason: done.byReason,
    slaBreaches: breaches,
  };
}
