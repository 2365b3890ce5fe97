import type { Handler } from '#http/types';
import { decodeCursor, pageOf } from '#domains/shared/pagination';
import { isoRequired } from '#domains/shared/present';
import { presentLead } from '#domains/cadences/presenters';
import type { LeadRow } from '#domains/cadences/rows';

/** Lists leads by pipeline, owner, stage, state or promotion lock, newest first (keyset on created_at, id). */
export const leadList: Handler<'lead.list'> = async (input, ctx) => {
  const query = ctx.trx('leads').where({ tenantId: ctx.principal.tenantId });
  if (input.pipelineId) query.where({ pipelineId: input.pipelineId });
  if (input.ownerId) query.where({ ownerId: input.ownerId });
  if (input.stageKey) query.where({ stageKey: input.stageKey });
  if (input.state) query.where({ state: input.state });
  if (input.snappedPromotionId) query.where({ snappedPromotionId: input.snappedPromotionId });
  if (input.locked !== undefined)
    query.where((q) => (input.locked ? q.whereNotNull('snappedPromotionId') : q.whereNull('snappedPromotionId')));
  if (input.cursor) {
    const [createdAt, id] = decodeCursor(input.cursor, ['timestamp', 'uuid']);
    query.whereRaw('(created_at, id) < (?::timestamptz, ?::uuid)', [createdAt, id]);
  }
  const rows = (await query
    .orderBy([
      { column: 'createdAt', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(input.limit + 1)) as LeadRow[];
  return pageOf(rows, input.limit, (r) => [isoRequired(r.createdAt), r.id], presentLead);
};
