import { uuidv7 } from '#db/ids';
import { invalidField, invalidReference } from '#http/errors';
import type { Handler } from '#http/types';
import { canSeeClient } from '#domains/shared/records';
import { presentTask, type TaskRow } from '#domains/engagements/presenters';
import { assertActiveUser, resolveLinks } from '#domains/engagements/references';

/** Creates a task in an owner's queue (the caller's by default), linked to an opportunity and/or contact. */
export const taskCreate: Handler<'task.create'> = async (input, ctx) => {
  const { tenantId, userId, roles } = ctx.principal;
  const ownerId = input.ownerId ?? userId;
  if (ownerId === null) {
    throw invalidField('ownerId', 'required when the caller is not a user', 'invalid_type');
  }
  if (input.ownerId !== undefined) await assertActiveUser(ctx, ownerId, 'ownerId');
  const { opportunity, contact } = await resolveLinks(ctx, input);
  const clientId = opportunity?.clientId ?? contact?.clientId ?? null;
  // A client-scoped caller may only make tasks of its clients: an unlinked task would be internal.
  if (!canSeeClient(ctx, clientId))
    throw invalidReference('opportunityId', 'link the task to an opportunity or contact of your client');

  const [row] = (await ctx
    .trx('tasks')
    .insert({
      tenantId,
      id: uuidv7(),
      type: input.type,
      title: input.title,
      notes: input.notes ?? null,
      opportunityId: opportunity?.id ?? null,
      contactId: contact?.id ?? null,
      clientId,
      ownerId,
      dueAt: new Date(input.dueAt),
      priority: input.priority,
      status: 'open',
      origin: roles.length > 0 && roles.every((r) => r === 'qa') ? 'qa' : 'manual',
      version: 1,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as TaskRow[];
  const task = presentTask(row!, ctx.now);
  await ctx.audit({ targetType: 'task', targetId: task.id, after: task });
  await ctx.emit(
    'task.created',
    {
      taskId: task.id,
      type: task.type,
      ownerId: task.ownerId,
      opportunityId: task.opportunityId,
      contactId: task.contactId,
      dueAt: task.dueAt,
      origin: task.origin,
    },
    { clientId },
  );
  return task;
};
