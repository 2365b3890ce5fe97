import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { assertOwnerOrManager, loadForUpdate } from '#domains/shared/records';
import { presentTask, type TaskRow } from '#domains/engagements/presenters';

/** Completes a task (owner or manager), appending the closing notes; a completed task answers 409 invalid_state. */
export const taskComplete: Handler<'task.complete'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<TaskRow>(ctx.trx, 'tasks', tenantId, input.id, 'Task', input.expectedVersion);
  assertOwnerOrManager(ctx, row.ownerId, 'task');
  if (row.status === 'completed') throw new ApiError('invalid_state', 'Task is already completed');
  const notes = input.notes === undefined ? row.notes : row.notes ? `${row.notes}\n\n${input.notes}` : input.notes;

  const [updated] = (await ctx
    .trx('tasks')
    .where({ tenantId, id: row.id })
    .update({ status: 'completed', completedAt: ctx.now, notes, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as TaskRow[];
  const before = presentTask(row, ctx.now);
  const task = presentTask(updated!, ctx.now);
  await ctx.audit({ targetType: 'task', targetId: task.id, before, after: task });
  await ctx.emit(
    'task.completed',
    {
      taskId: task.id,
      type: task.type,
      ownerId: task.ownerId,
      opportunityId: task.opportunityId,
      contactId: task.contactId,
      completedAt: ctx.now.toISOString(),
    },
    { clientId: row.clientId },
  );
  return task;
};
