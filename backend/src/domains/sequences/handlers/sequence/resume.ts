import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { suppressedEmails } from '#domains/mail/suppressions';
import { assertOwnerOrManager } from '#domains/shared/records';
import { blockReason, loadContacts } from '#domains/sequences/eligibility';
import { loadEnrollmentForUpdate } from '#domains/sequences/enrollments';
import { presentEnrollment } from '#domains/sequences/presenters';
import type { EnrollmentRow, SequenceRow } from '#domains/sequences/rows';

/** Resumes a paused enrollment: its next step is due at once (the runner places it under the guardrails). */
export const sequenceResume: Handler<'sequence.resume'> = async (input, ctx) => {
  const row = await loadEnrollmentForUpdate(ctx, input.enrollmentId, input.expectedVersion);
  assertOwnerOrManager(ctx, row.ownerId, 'enrollment');
  if (row.status !== 'paused') throw new ApiError('invalid_state', `The enrollment is ${row.status}, not paused`);
  const seq = (await ctx.trx('sequences').where({ tenantId: row.tenantId, id: row.sequenceId }).first()) as SequenceRow;
  if (!seq.active) throw new ApiError('invalid_state', 'The sequence is not active');
  const contact = row.contactId
    ? (await loadContacts(ctx.trx, row.tenantId, [row.contactId])).get(row.contactId)
    : undefined;
  if (contact) {
    const reason = blockReason(
      contact,
      await suppressedEmails(ctx.trx, row.tenantId, contact.email ? [contact.email] : []),
      seq.guardrails.respectOptOut,
    );
    if (reason) throw new ApiError('recipient_suppressed', `The contact cannot be emailed: ${reason}`, { reason });
  }
  const nextRunAt = row.nextRunAt && row.nextRunAt > ctx.now ? row.nextRunAt : ctx.now;
  const [saved] = (await ctx
    .trx('sequenceEnrollments')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      status: 'active',
      stopReason: null,
      pausedUntil: null,
      nextRunAt,
      version: row.version + 1,
      updatedAt: ctx.now,
    })
    .returning('*')) as EnrollmentRow[];
  const after = presentEnrollment(saved!);
  await ctx.audit({ targetType: 'sequenceEnrollment', targetId: row.id, before: presentEnrollment(row), after });
  return after;
};
