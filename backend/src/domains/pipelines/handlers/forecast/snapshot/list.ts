import type { Handler } from '#http/types';
import { decodeCursor, MILLIS_TS, pageOf } from '#domains/shared/pagination';
import { presentSnapshot } from '#domains/pipelines/presenters';
import type { ForecastSnapshotRow } from '#domains/pipelines/rows';

/**
 * Lists forecast snapshots, newest first (keyset on taken_at desc, id desc), without their frozen opportunity
 * lists. Client roles see only snapshots scoped to one of their clients.
 */
export const forecastSnapshotList: Handler<'forecast.snapshot.list'> = async (input, ctx) => {
  const q = ctx
    .trx('forecastSnapshots')
    .where({ tenantId: ctx.principal.tenantId })
    .select(
      'tenantId',
      'id',
      'pipelineId',
      'takenAt',
      'period',
      'createdAt',
      ctx.trx.raw(`data - 'opportunities' AS data`),
    );
  const scope = ctx.principal.clientIds;
  if (scope !== null) q.whereRaw(`data->>'clientId' = ANY (?::text[])`, [scope]);
  if (input.pipelineId) q.where({ pipelineId: input.pipelineId });
  if (input.clientId) q.whereRaw(`data->>'clientId' = ?`, [input.clientId]);
  if (input.projectId) q.whereRaw(`data->>'projectId' = ?`, [input.projectId]);
  if (input.takenFrom) q.where('takenAt', '>=', input.takenFrom);
  if (input.takenTo) q.where('takenAt', '<=', input.takenTo);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, [MILLIS_TS, 'uuid']);
    q.whereRaw('(taken_at, id) < (?::timestamptz, ?::uuid)', [at, id]);
  }
  const rows = (await q
    .orderBy([
      { column: 'takenAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1)) as ForecastSnapshotRow[];
  return pageOf(rows, input.limit, (r) => [r.takenAt.toISOString(), r.id], presentSnapshot);
};
