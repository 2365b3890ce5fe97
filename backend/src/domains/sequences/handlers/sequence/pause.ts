import { ApiError } from '../../../../http/errors';
import type { Handler } from '../../../../http/types';
import { assertOwnerOrManager } from '../../../shared/records';
import { loadEnrollmentForUpdate } from '../../enrollments';
import { pauseEnrollments, requestEmit } from '../../lifecycle';
import { presentEnrollment } from '../../presenters';

/** Pauses an active enrollment (reason `manual`); nothing runs until it is resumed. */
export const sequencePause: Handler<'sequence.pause'> = async (input, ctx) => {
  const row = await loadEnrollmentForUpdate(ctx, input.enrollmentId, input.expectedVersion);
  assertOwnerOrManager(ctx, row.ownerId, 'enrollment');
  if (row.status !== 'active') throw new ApiError('invalid_state', `The enrollment is ${row.status}, not active`);
  const [saved] = await pauseEnrollments(ctx.trx, row.tenantId, (q) => q.where({ id: row.id }), 'manual', null, ctx.now, requestEmit(ctx));
  const after = presentEnrollment(saved!);
  await ctx.audit({ targetType: 'sequenceEnrollment', targetId: row.id, before: presentEnrollment(row), after });
  return after;
};
