import { ApiError, notFound } from '#http/errors';
import type { OpContext } from '#http/types';
import { canSeeClient, loadForUpdate } from '#domains/shared/records';
import type { ApprovalRow } from './rows';

/**
 * Loads a pending approval for a decision (404 when invisible: another tenant, or a client-confined caller outside
 * its sequence's client; 409 invalid_state when already decided).
 */
export async function loadPendingApproval(ctx: OpContext, id: string, expectedVersion?: number): Promise<ApprovalRow> {
  const row = await loadForUpdate<ApprovalRow>(
    ctx.trx,
    'sequenceApprovals',
    ctx.principal.tenantId,
    id,
    'Approval',
    expectedVersion,
  );
  const seq = (await ctx.trx('sequences').where({ tenantId: row.tenantId, id: row.sequenceId }).first('clientId')) as {
    clientId: string | null;
  };
  if (!canSeeClient(ctx, seq.clientId)) throw notFound('Approval');
  if (row.status !== 'pending') throw new ApiError('invalid_state', `The approval is already ${row.status}`);
  return row;
}

/** Wakes the enrollment an approval decided (locked): `approved` sends the step next, `rejected` skips it. */
export async function releaseEnrollment(
  ctx: OpContext,
  row: ApprovalRow,
  decision: 'approved' | 'rejected',
): Promise<void> {
  const e = (await ctx
    .trx('sequenceEnrollments')
    .where({ tenantId: row.tenantId, id: row.enrollmentId })
    .forUpdate()
    .first()) as
    | {
        status: string;
        stepState: { phase?: string; key?: string; pending?: unknown[] };
        currentStep: number;
        version: number;
      }
    | undefined;
  if (
    !e ||
    e.status === 'completed' ||
    e.status === 'failed' ||
    e.stepState?.phase !== 'awaiting_approval' ||
    e.stepState.key !== row.stepKey
  )
    return;
  const pending = (e.stepState.pending ?? []) as { key: string }[];
  const fromPending = pending[0]?.key === row.stepKey;
  // Approved: the runner sends the approved (possibly edited) mail under the guardrails. Rejected: the step is skipped.
  const stepState =
    decision === 'approved'
      ? { ...(pending.length > 0 ? { pending } : {}) }
      : {
          ...(fromPending && pending.length > 1
            ? { pending: pending.slice(1) }
            : !fromPending && pending.length > 0
              ? { pending }
              : {}),
        };
  const currentStep = decision === 'rejected' && !fromPending ? e.currentStep + 1 : e.currentStep;
  await ctx
    .trx('sequenceEnrollments')
    .where({ tenantId: row.tenantId, id: row.enrollmentId })
    .update({
      stepState: JSON.stringify(stepState),
      currentStep,
      nextRunAt: ctx.now,
      version: e.version + 1,
      updatedAt: ctx.now,
    });
}
