import type { Handler } from '#http/types';
import { loadPendingApproval, releaseEnrollment } from '#domains/sequences/approvals';
import { presentApproval } from '#domains/sequences/presenters';
import type { ApprovalRow } from '#domains/sequences/rows';

/** Approves a pending send (with optional subject/body edits): the runner sends it next, under the guardrails. */
export const sequenceApprovalApprove: Handler<'sequence.approval.approve'> = async (input, ctx) => {
  const row = await loadPendingApproval(ctx, input.id, input.expectedVersion);
  const preview =
    row.preview && input.edits
      ? {
          ...row.preview,
          subject: input.edits.subject ?? row.preview.subject,
          body: input.edits.body ?? row.preview.body,
        }
      : row.preview;
  const [saved] = (await ctx
    .trx('sequenceApprovals')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      status: 'approved',
      decidedBy: ctx.principal.userId,
      decidedAt: ctx.now,
      preview: preview ? JSON.stringify(preview) : null,
      version: row.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as ApprovalRow[];
  await releaseEnrollment(ctx, row, 'approved');
  const after = presentApproval(saved!);
  await ctx.audit({ targetType: 'sequenceApproval', targetId: row.id, before: presentApproval(row), after });
  return after;
};
