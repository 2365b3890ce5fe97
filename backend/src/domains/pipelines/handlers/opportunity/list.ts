import type { Handler } from '#http/types';
import { decodeCursor, MICROS_TS, pageOf } from '#domains/shared/pagination';
import { presentOpportunity } from '#domains/pipelines/presenters';
import type { OpportunityRow } from '#domains/pipelines/rows';
import { likePattern } from '#domains/pipelines/values';

/** The exact (microsecond) sort timestamp of a row, as the cursor keeps it. */
const CURSOR_AT = `to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS cursor_at`;

/**
 * Lists opportunities, most recently updated first: keyset on (updated_at desc, id desc). With `ownerId` and
 * `status` this walks the (tenant_id, owner_id, status, updated_at desc, id) index and stops after one page.
 */
export const opportunityList: Handler<'opportunity.list'> = async (input, ctx) => {
  const q = ctx.trx('opportunities').where({ tenantId: ctx.principal.tenantId });
  if (input.ownerId) q.where({ ownerId: input.ownerId });
  if (input.status) q.where({ status: input.status });
  if (input.pipelineId) q.where({ pipelineId: input.pipelineId });
  if (input.clientId) q.where({ clientId: input.clientId });
  if (input.projectId) q.where({ projectId: input.projectId });
  if (input.accountId) q.where({ accountId: input.accountId });
  if (input.stage) q.where({ stage: input.stage });
  if (input.scoreBelow !== undefined) q.where('score', '<', input.scoreBelow);
  if (input.tags?.length) q.whereRaw('tags @> ?::text[]', [[...new Set(input.tags)]]);
  if (input.closeDateFrom) q.where('closeDate', '>=', input.closeDateFrom);
  if (input.closeDateTo) q.where('closeDate', '<=', input.closeDateTo);
  if (input.q) q.whereRaw(`lower(name) LIKE ? ESCAPE '\\'`, [likePattern(input.q)]);
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, [MICROS_TS, 'uuid']);
    q.whereRaw('updated_at <= ?::timestamptz AND (updated_at < ?::timestamptz OR id < ?::uuid)', [at, at, id]);
  }
  const rows = (await q
    .select('*', ctx.trx.raw(CURSOR_AT))
    .orderBy([
      { column: 'updatedAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1)) as (OpportunityRow & { cursorAt: string })[];
  return pageOf(rows, input.limit, (r) => [r.cursorAt, r.id], presentOpportunity);
};
