import { ApiError } from '#http/errors';
import type { Handler } from '#http/types';
import { assertOwnerOrManager, loadForUpdate } from '#domains/shared/records';
import { presentTask, type TaskRow } from '#domains/engagements/presenters';
import { assertActiveUser } from '#domains/engagements/references';

/** Changes a task's type, title, notes, owner, due time, priority or open/in-progress status (owner or manager). */
export const taskUpdate: Handler<'task.update'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const row = await loadForUpdate<TaskRow>(ctx.trx, 'tasks', tenantId, input.id, 'Task', input.expectedVersion);
  assertOwnerOrManager(ctx, row.ownerId, 'task');
  if (row.status === 'completed') throw new ApiError('invalid_state', 'Task is completed and can no longer change');
  if (input.ownerId !== undefined && input.ownerId !== row.ownerId)
    await assertActiveUser(ctx, input.ownerId, 'ownerId');

  const patch: Partial<Record<keyof TaskRow, unknown>> = {};
  if (input.type !== undefined) patch.type = input.type;
  if (input.title !== undefined) patch.title = input.title;
  if (input.notes !== undefined) patch.notes = input.notes;
  if (input.ownerId !== undefined) patch.ownerId = input.ownerId;
  if (input.dueAt !== undefined) patch.dueAt = new Date(input.dueAt);
  if (input.priority !== undefined) patch.priority = input.priority;
  // `overdue` is derived from dueAt, never stored: a legacy stored `overdue` goes back to `open`.
  if (input.status !== undefined) patch.status = input.status;
  else if (row.status === 'overdue') patch.status = 'open';

  const [updated] = (await ctx
    .trx('tasks')
    .where({ tenantId, id: row.id })
    .update({ ...patch, version: row.version + 1, updatedAt: ctx.now })
    .returning('*')) as TaskRow[];
  const before = presentTask(row, ctx.now);
  const task = presentTask(updated!, ctx.now);
  await ctx.audit({ targetType: 'task', targetId: task.id, before, after: task });
  return task;
};
