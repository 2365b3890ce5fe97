import type { Handler } from '#http/types';
import { applyKeyset } from '#domains/shared/listKeyset';
import { pageOf } from '#domains/shared/pagination';
import { scopeToClients } from '#domains/shared/records';
import { presentApproval } from '#domains/sequences/presenters';
import type { ApprovalRow } from '#domains/sequences/rows';

/** Lists the review queue (pending by default), oldest first; client-confined callers see their clients' sequences only. */
export const sequenceApprovalList: Handler<'sequence.approval.list'> = async (input, ctx) => {
  const query = ctx
    .trx('sequenceApprovals as a')
    .join('sequences as s', (j) => j.on('s.tenantId', 'a.tenantId').andOn('s.id', 'a.sequenceId'))
    .where({ 'a.tenantId': ctx.principal.tenantId, 'a.status': input.status })
    .select('a.*');
  if (input.sequenceId) query.where('a.sequenceId', input.sequenceId);
  scopeToClients(ctx, query, 's.clientId');
  applyKeyset(query, { 'a.id': 'uuid' }, input.cursor);
  const rows = (await query.limit(input.limit + 1)) as ApprovalRow[];
  return pageOf(rows, input.limit, (r) => [r.id], presentApproval);
};
