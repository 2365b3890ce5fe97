import { uuidv7 } from '#db/ids';
import type { Handler, OpContext } from '#http/types';
import { computeForecast, resolveScope, whereInScope, type ResolvedScope } from '#domains/pipelines/forecast';
import { presentSnapshot, type FrozenOpportunity, type SnapshotData } from '#domains/pipelines/presenters';
import type { ForecastSnapshotRow } from '#domains/pipelines/rows';
import { diffSnapshots } from '#domains/pipelines/snapshotDiff';

/**
 * Freezes the forecast of a scope and period with every opportunity in it (id, name, stage, amount,
 * probability, close date, status), and the diff against the previous snapshot of the same scope.
 */
export const forecastSnapshotCreate: Handler<'forecast.snapshot.create'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const scope = await resolveScope(ctx, input);
  const clientId = input.clientId ?? scope.pipeline?.clientId ?? scope.projectClientId ?? null;
  const forecast = await computeForecast(ctx, scope);
  const opportunities = await frozenOpportunities(ctx, scope);
  const previous = (await ctx
    .trx('forecastSnapshots')
    .where({ tenantId, pipelineId: input.pipelineId ?? null })
    .whereRaw(`data->>'clientId' IS NOT DISTINCT FROM ?::text AND data->>'projectId' IS NOT DISTINCT FROM ?::text`, [
      clientId,
      input.projectId ?? null,
    ])
    .orderBy([
      { column: 'takenAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .first('id', ctx.trx.raw(`data->'opportunities' AS opportunities`))) as
    { id: string; opportunities: FrozenOpportunity[] | null } | undefined;
  const diff = previous ? await diffSnapshots(ctx, previous.opportunities ?? [], opportunities, input.period) : null;
  const data: SnapshotData = {
    clientId,
    projectId: input.projectId ?? null,
    label: input.label ?? null,
    takenBy: ctx.principal.userId,
    previousSnapshotId: previous?.id ?? null,
    forecast,
    diff,
    opportunities,
  };
  const [row] = (await ctx
    .trx('forecastSnapshots')
    .insert({
      tenantId,
      id: uuidv7(),
      pipelineId: input.pipelineId ?? null,
      takenAt: ctx.now,
      period: JSON.stringify(input.period),
      data: JSON.stringify(data),
      createdAt: ctx.now,
    })
    .returning('*')) as ForecastSnapshotRow[];
  const snapshot = presentSnapshot(row!);
  await ctx.audit({
    targetType: 'forecastSnapshot',
    targetId: snapshot.id,
    after: { ...snapshot, opportunityCount: opportunities.length },
  });
  return snapshot;
};

/** The open opportunities of the scope, as the snapshot freezes them (numbers exact: amount stays a string). */
async function frozenOpportunities(ctx: OpContext, scope: ResolvedScope): Promise<FrozenOpportunity[]> {
  const query = ctx
    .trx('opportunities')
    .select('id', 'name', 'stage', 'amount', 'probability', 'closeDate', 'status')
    .orderBy('id');
  return (await whereInScope(query, ctx.principal.tenantId, scope)) as FrozenOpportunity[];
}
