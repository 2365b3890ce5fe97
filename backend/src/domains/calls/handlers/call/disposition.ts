import { ApiError, invalidField } from '#http/errors';
import type { Handler } from '#http/types';
import { completeWorkedTask, scheduleCallback } from '#domains/calls/callbackTask';
import { auditView, presentCallRow } from '#domains/calls/presenters';
import { checkCallVersion, lockOwnCall } from '#domains/calls/records';
import { FINISHED, type CallSessionRow } from '#domains/calls/rows';

/**
 * Records how a finished call went (the rep's outcome and notes) on the call and its timeline entry, completes the
 * call task it was made from, and for a `callback` schedules a call task at `callbackAt` (one per call: disposing
 * again moves it). The same disposition sent again (a retry) changes nothing and emits nothing.
 */
export const callDisposition: Handler<'call.disposition'> = async (input, ctx) => {
  const row = await lockOwnCall(ctx, input.id);
  if (!FINISHED.has(row.status)) throw new ApiError('invalid_state', 'A call is disposed after it ends: end it first');
  const custom = input.disposition === 'custom' ? input.customDisposition! : null;
  const notes = input.notes ?? row.notes;
  const callbackAt = input.callbackAt === undefined ? null : new Date(input.callbackAt);
  const same =
    row.disposition === input.disposition &&
    row.customDisposition === custom &&
    notes === row.notes &&
    (callbackAt === null || (row.meta.callbackAt as string | undefined) === callbackAt.toISOString());
  if (same) return presentCallRow(ctx.trx, row);
  checkCallVersion(row, input.expectedVersion);
  if (callbackAt && callbackAt <= ctx.now) throw invalidField('callbackAt', 'must be in the future');

  const { trx, now } = ctx;
  const { tenantId } = ctx.principal;
  const callback = callbackAt ? await scheduleCallback(trx, row, callbackAt, now) : null;
  const meta = {
    ...row.meta,
    ...(callback ? { callbackTaskId: callback.id, callbackAt: callbackAt!.toISOString() } : {}),
  };
  const [updated] = (await trx('callSessions')
    .where({ tenantId, id: row.id })
    .update({
      disposition: input.disposition,
      customDisposition: custom,
      notes,
      meta: JSON.stringify(meta),
      dispositionedAt: now,
      version: row.version + 1,
      updatedAt: now,
    })
    .returning('*')) as CallSessionRow[];
  if (row.engagementId && row.engagementOccurredAt)
    await trx('engagements')
      .where({ tenantId, id: row.engagementId, occurredAt: row.engagementOccurredAt })
      .update({
        bodyPreview: notes?.slice(0, 500) ?? null,
        meta: trx.raw(`meta || ?::jsonb`, [
          JSON.stringify({ disposition: input.disposition, customDisposition: custom }),
        ]),
        updatedAt: now,
      });
  const worked = await completeWorkedTask(trx, row, now);

  const refs = { callId: row.id, userId: row.userId, contactId: row.contactId, opportunityId: row.opportunityId };
  await ctx.emit(
    'call.dispositioned',
    { ...refs, disposition: input.disposition, customDisposition: custom },
    {
      clientId: row.clientId,
    },
  );
  if (worked)
    await ctx.emit(
      'task.completed',
      {
        taskId: worked.id,
        type: worked.type,
        ownerId: worked.ownerId,
        opportunityId: worked.opportunityId,
        contactId: worked.contactId,
        completedAt: now.toISOString(),
      },
      { clientId: worked.clientId },
    );
  if (callback?.created)
    await ctx.emit(
      'task.created',
      {
        taskId: callback.id,
        type: 'call',
        ownerId: row.userId,
        opportunityId: row.opportunityId,
        contactId: row.contactId,
        dueAt: callbackAt!.toISOString(),
        origin: 'manual',
      },
      { clientId: row.clientId },
    );
  const before = await presentCallRow(trx, row);
  const after = await presentCallRow(trx, updated!);
  await ctx.audit({ targetType: 'call', targetId: row.id, before: auditView(before), after: auditView(after) });
  return after;
};
