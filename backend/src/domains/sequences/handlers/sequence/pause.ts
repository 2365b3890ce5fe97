import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { assertOwnerOrManager } from '#domains/shared/records';
import { loadEnrollmentForUpdate } from '#domains/sequences/enrollments';
import { pauseEnrollments, requestEmit } from '#domains/sequences/lifecycle';
import { presentEnrollment } from '#domains/sequences/presenters';

/** Pauses an active enrollment (reason `manual`); nothing runs until it is resumed. */
export const sequencePause: Handler<'sequence.pause'> = async (input, ctx) => {
  const row = await loadEnrollmentForUpdate(ctx, input.enrollmentId, input.expectedVersion);
  assertOwnerOrManager(ctx, row.ownerId, 'enrollment');
  if (row.status !== 'active') throw new ApiError('invalid_state', `The enrollment is ${row.status}, not active`);
  const [saved] = await pauseEnrollments(
    ctx.trx,
    row.tenantId,
    (q) => q.where({ id: row.id }),
    'manual',
    null,
    ctx.now,
    requestEmit(ctx),
  );
  const after = presentEnrollment(saved!);
  await ctx.audit({ targetType: 'sequenceEnrollment', targetId: row.id, before: presentEnrollment(row), after });
  return after;
};
