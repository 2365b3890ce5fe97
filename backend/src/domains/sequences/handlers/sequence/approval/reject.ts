import type { Handler } from '#http/types';
import { loadPendingApproval, releaseEnrollment } from '#domains/sequences/approvals';
import { presentApproval } from '#domains/sequences/presenters';
import type { ApprovalRow } from '#domains/sequences/rows';

/** Rejects a pending send with a reason: the step is skipped and the enrollment goes on with the next one. */
export const sequenceApprovalReject: Handler<'sequence.approval.reject'> = async (input, ctx) => {
  const row = await loadPendingApproval(ctx, input.id, input.expectedVersion);
  const [saved] = (await ctx
    .trx('sequenceApprovals')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      status: 'rejected',
      decidedBy: ctx.principal.userId,
      decidedAt: ctx.now,
      reason: input.reason,
      version: row.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ApprovalRow[];
  await releaseEnrollment(ctx, row, 'rejected');
  const after = presentApproval(saved!);
  await ctx.audit({ targetType: 'sequenceApproval', targetId: row.id, before: presentApproval(row), after });
  return after;
};
