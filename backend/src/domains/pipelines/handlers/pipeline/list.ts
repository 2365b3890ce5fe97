import type { Handler } from '#http/types';
import { decodeCursor, pageOf } from '#domains/shared/pagination';
import { presentPipeline } from '#domains/pipelines/presenters';
import type { PipelineRow } from '#domains/pipelines/rows';
import { likePattern } from '#domains/pipelines/values';

/** Lists pipelines by name (then id), filtered by name, active state, client or owner. */
export const pipelineList: Handler<'pipeline.list'> = async (input, ctx) => {
  const query = ctx.trx('pipelines').where({ tenantId: ctx.principal.tenantId });
  if (input.q) query.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [likePattern(input.q)]);
  if (input.active !== undefined) query.where({ active: input.active });
  if (input.clientId) query.where({ clientId: input.clientId });
  if (input.ownerId) query.where({ ownerId: input.ownerId });
  if (input.cursor) {
    const [name, id] = decodeCursor(input.cursor, ['text', 'uuid']);
    query.whereRaw('(name, id) > (?, ?::uuid)', [name, id]);
  }
  const rows = (await query.orderBy([{ column: 'name' }, { column: 'id' }]).limit(input.limit + 1)) as PipelineRow[];
  return pageOf(rows, input.limit, (r) => [r.name, r.id], presentPipeline);
};
