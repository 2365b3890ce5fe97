import type { Forecast, ForecastFigures } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { OpContext } from '#http/types';
import { assertClient } from './references';
import { invalidReference } from '#http/errors';
import type { PipelineRow } from './rows';

/** What a forecast sums: open opportunities in one currency, optionally narrowed. */
export type ForecastScope = {
  pipelineId?: string | undefined;
  clientId?: string | undefined;
  projectId?: string | undefined;
  ownerId?: string | undefined;
  /** Close-date range (inclusive); undefined: every open opportunity, with or without a close date. */
  period?: { from: string; to: string } | undefined;
  currency: string;
};

/** A resolved scope with what its references told us (for ordering and snapshot scoping). */
export type ResolvedScope = ForecastScope & { pipeline: PipelineRow | null; projectClientId: string | null };

/**
 * Checks the scope's references (422 reference_invalid when one is unknown or invisible) and settles the
 * currency: the one asked, else the pipeline's default, else the tenant's `settings.defaultCurrency`, else USD.
 */
export async function resolveScope(
  ctx: OpContext,
  input: Omit<ForecastScope, 'currency'> & { currency?: string | undefined },
): Promise<ResolvedScope> {
  const { tenantId } = ctx.principal;
  let pipeline: PipelineRow | null = null;
  if (input.pipelineId) {
    pipeline =
      ((await ctx.trx('pipelines').where({ tenantId, id: input.pipelineId }).first()) as PipelineRow | undefined) ??
      null;
    if (!pipeline) throw invalidReference('pipelineId', `Pipeline ${input.pipelineId} does not exist in this tenant`);
  }
  if (input.clientId) await assertClient(ctx, input.clientId, 'clientId');
  let projectClientId: string | null = null;
  if (input.projectId) {
    const project = (await ctx.trx('projects').where({ tenantId, id: input.projectId }).first('clientId')) as
      { clientId: string } | undefined;
    if (!project) throw invalidReference('projectId', `Project ${input.projectId} does not exist in this tenant`);
    projectClientId = project.clientId;
  }
  if (input.ownerId && !(await ctx.trx('users').where({ tenantId, id: input.ownerId }).first('id'))) {
    throw invalidReference('ownerId', `User ${input.ownerId} does not exist in this tenant`);
  }
  let currency = input.currency ?? pipeline?.defaultCurrency;
  if (!currency) {
    const tenant = (await ctx.trx('tenants').where({ id: tenantId }).first('settings')) as
      { settings: { defaultCurrency?: unknown } } | undefined;
    const fromSettings = tenant?.settings?.defaultCurrency;
    currency = typeof fromSettings === 'string' && /^[A-Z]{3}$/.test(fromSettings) ? fromSettings : 'USD';
  }
  return { ...input, currency, pipeline, projectClientId };
}

/** Restricts a query on `opportunities` to the open ones of a forecast scope. */
export function whereInScope(query: Knex.QueryBuilder, tenantId: string, scope: ForecastScope): Knex.QueryBuilder {
  query.where({ tenantId, status: 'open', currency: scope.currency });
  if (scope.pipelineId) query.where({ pipelineId: scope.pipelineId });
  if (scope.clientId) query.where({ clientId: scope.clientId });
  if (scope.projectId) query.where({ projectId: scope.projectId });
  if (scope.ownerId) query.where({ ownerId: scope.ownerId });
  if (scope.period) query.whereBetween('closeDate', [scope.period.from, scope.period.to]);
  return query;
}

const money = (expr: string) => `round(coalesce(${expr}, 0), 2)::text`;
/**
 * amount x probability summed exactly in numeric. The probability (a float8) enters as an integer count of
 * billionths: an integer-to-numeric cast is far cheaper per row than float8-to-numeric, and multiplying the sum
 * by 1e-9 (not dividing) keeps every digit, so only the final cent rounding rounds.
 */
const WEIGHTED = 'sum(amount * round(probability * 1000000000)::int8) * 0.000000001';
/** GROUPING(stage, owner_id, client_id, project_id): the bit of a column is 1 when the set does not group by it. */
const SET = { totals: 15, stage: 7, owner: 11, client: 13, project: 14 } as const;

type Row = ForecastFigures & {
  groupingSet: number;
  stage: string;
  ownerId: string;
  clientId: string | null;
  projectId: string | null;
};

/** True when a period covers whole calendar months: from is the 1st of a month, to the last day of one. */
export function isMonthAligned(period: { from: string; to: string }): boolean {
  const to = new Date(`${period.to}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + 1);
  return period.from.endsWith('-01') && to.getUTCDate() === 1;
}

/** Restricts a query on `opportunity_rollups` (open opportunities only) to a scope with no or a month-aligned period. */
function whereRollupInScope(query: Knex.QueryBuilder, tenantId: string, scope: ForecastScope): Knex.QueryBuilder {
  query.where({ tenantId, currency: scope.currency });
  if (scope.pipelineId) query.where({ pipelineId: scope.pipelineId });
  if (scope.clientId) query.where({ clientId: scope.clientId });
  if (scope.projectId) query.where({ projectId: scope.projectId });
  if (scope.ownerId) query.where({ ownerId: scope.ownerId });
  if (scope.period) query.whereBetween('closeMonth', [scope.period.from, scope.period.to]);
  return query;
}

/**
 * The forecast of a scope in ONE aggregate query (no row fetching): count, amount, weighted (amount x
 * probability) and commit (probability >= 0.9 or tag `commit`) summed exactly in numeric, for the totals and
 * each of the stage, owner, client and project grouping sets. Without a period or with a month-aligned one it
 * reads the trigger-maintained `opportunity_rollups` (a few hundred rows per tenant; same exact sums); any other
 * period needs the close dates themselves and reads `opportunities`.
 */
export async function computeForecast(ctx: OpContext, scope: ResolvedScope): Promise<Forecast> {
  const sets = 'GROUPING SETS ((), (stage), (owner_id), (client_id), (project_id))';
  const keys =
    'GROUPING(stage, owner_id, client_id, project_id)::int AS grouping_set, stage, owner_id, client_id, project_id';
  let query: Knex.QueryBuilder;
  if (!scope.period || isMonthAligned(scope.period)) {
    query = ctx.trx('opportunity_rollups').select(
      ctx.trx.raw(`${keys}, coalesce(sum(count), 0)::int AS count, ${money('sum(amount)')} AS amount,
        ${money('sum(weighted_units) * 0.000000001')} AS weighted, ${money('sum(amount) FILTER (WHERE is_commit)')} AS commit`),
    );
    whereRollupInScope(query, ctx.principal.tenantId, scope).groupByRaw(sets);
  } else {
    query = ctx.trx('opportunities').select(
      ctx.trx.raw(`${keys}, count(*)::int AS count, ${money('sum(amount)')} AS amount, ${money(WEIGHTED)} AS weighted,
        ${money(`sum(amount) FILTER (WHERE probability >= 0.9 OR 'commit' = ANY (tags))`)} AS commit`),
    );
    whereInScope(query, ctx.principal.tenantId, scope).groupByRaw(sets);
  }
  const rows = (await query) as Row[];
  const figures = (r: Row): ForecastFigures => ({
    count: r.count,
    amount: r.amount,
    weighted: r.weighted,
    commit: r.commit,
  });
  const of = (set: number) => rows.filter((r) => r.groupingSet === set);
  const total = of(SET.totals)[0];
  const order = scope.pipeline?.stageOrder ?? [];
  const rank = (stage: string) => (order.includes(stage) ? order.indexOf(stage) : order.length);
  return {
    currency: scope.currency,
    totals: total ? figures(total) : { count: 0, amount: '0.00', weighted: '0.00', commit: '0.00' },
    byStage: of(SET.stage)
      .sort((a, b) => rank(a.stage) - rank(b.stage) || compareKeys(a.stage, b.stage))
      .map((r) => ({ stage: r.stage, ...figures(r) })),
    byOwner: of(SET.owner)
      .sort((a, b) => compareKeys(a.ownerId, b.ownerId))
      .map((r) => ({ ownerId: r.ownerId, ...figures(r) })),
    byClient: of(SET.client)
      .sort((a, b) => compareKeys(a.clientId, b.clientId))
      .map((r) => ({ clientId: r.clientId, ...figures(r) })),
    byProject: of(SET.project)
      .sort((a, b) => compareKeys(a.projectId, b.projectId))
      .map((r) => ({ projectId: r.projectId, ...figures(r) })),
  };
}

/** Ascending, nulls last. */
function compareKeys(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}
