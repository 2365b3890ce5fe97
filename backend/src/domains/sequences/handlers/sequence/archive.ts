import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { requestEmit, stopEnrollments } from '#domains/sequences/lifecycle';
import { presentSequence } from '#domains/sequences/presenters';
import type { SequenceRow } from '#domains/sequences/rows';

/** Archives a sequence (idempotent) and stops its live enrollments with reason `archived`. */
export const sequenceArchive: Handler<'sequence.archive'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<SequenceRow>(
    ctx.trx,
    'sequences',
    tenantId,
    input.id,
    'Sequence',
    input.expectedVersion,
  );
  if (row.archivedAt) return presentSequence(row);
  const [saved] = (await ctx
    .trx('sequences')
    .where({ tenantId, id: row.id })
    .update({ archivedAt: ctx.now, active: false, status: 'archived', version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as SequenceRow[];
  await stopEnrollments(
    ctx.trx,
    tenantId,
    (q) => q.where({ sequenceId: row.id }),
    'archived',
    ctx.now,
    requestEmit(ctx),
  );
  const sequence = presentSequence(saved!);
  await ctx.audit({ targetType: 'sequence', targetId: sequence.id, before: presentSequence(row), after: sequence });
  return sequence;
};
