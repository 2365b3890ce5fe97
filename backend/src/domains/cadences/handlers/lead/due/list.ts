import type { Handler } from '#http/types';
import { decodeCursor, pageOf } from '#domains/shared/pagination';
import { isoRequired } from '#domains/shared/present';
import { presentLead } from '#domains/cadences/presenters';
import type { LeadRow } from '#domains/cadences/rows';

/** Lists active leads due by `dueBefore` (default now), soonest first; by default the caller's own. */
export const leadDueList: Handler<'lead.due.list'> = async (input, ctx) => {
  const query = ctx
    .trx('leads')
    .where({ tenantId: ctx.principal.tenantId, state: 'open', stageStatus: 'pending' })
    .where('nextActionAt', '<=', input.dueBefore ?? ctx.now);
  const ownerId = input.ownerId ?? ctx.principal.userId;
  if (ownerId) query.where({ ownerId });
  if (input.pipelineId) query.where({ pipelineId: input.pipelineId });
  if (!input.includeLocked) query.whereNull('snappedPromotionId');
  if (input.cursor) {
    const [at, id] = decodeCursor(input.cursor, ['timestamp', 'uuid']);
    query.whereRaw('(next_action_at, id) > (?::timestamptz, ?::uuid)', [at, id]);
  }
  const rows = (await query
    .orderBy([{ column: 'nextActionAt' }, { column: 'id' }])
    .limit(input.limit + 1)) as LeadRow[];
  return pageOf(rows, input.limit, (r) => [isoRequired(r.nextActionAt!), r.id], presentLead);
};
