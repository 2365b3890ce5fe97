import { ApiError, invalidReference } from '#http/errors';
import type { Handler } from '#http/types';
import { contactColumns, presentContact, type ContactRow } from '#domains/crm/presenters';
import { presentTask, taskColumns, type TaskRow } from '#domains/engagements/presenters';
import { e164 } from '#domains/calls/callee';
import { QUEUE_ORDER, queueQuery, REMAINING_CAP, zonesOpenAt } from '#domains/calls/dialerQueue';

/**
 * Claims the next call of the caller's power-dialer queue: their call tasks (sequence call steps, SLA and manual
 * ones) that are due, skipping contacts outside their local calling hours, opted out or with a suppressed number,
 * and contacts already called today. A task claimed and not called yet comes first, so a retried request answers
 * the same one; `skipTaskId` sends that task to the back of the queue (it stays open). `remaining` counts the
 * other tasks callable now, up to 1,000.
 */
export const dialerQueueNext: Handler<'dialer.queue.next'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) throw new ApiError('forbidden', 'Only a user has a dialer queue');
  const { trx, now } = ctx;
  if (input.sequenceId && !(await trx('sequences').where({ tenantId, id: input.sequenceId }).first('id')))
    throw invalidReference('sequenceId', 'no such sequence in this tenant');
  if (input.skipTaskId) {
    const skipped = await trx('tasks')
      .where({ tenantId, id: input.skipTaskId, ownerId: userId, type: 'call' })
      .whereNot('status', 'completed')
      .update({
        dialerSkippedAt: now,
        status: trx.raw(`CASE WHEN status = 'inProgress' THEN 'open' ELSE status END`),
        updatedAt: now,
      });
    if (skipped === 0) throw invalidReference('skipTaskId', 'no such open call task in your queue');
  }
  const { timeZone } = (await trx('tenants').where({ id: tenantId }).first('timeZone')) as { timeZone: string };
  const q = { tenantId, ownerId: userId, tenantZone: timeZone, now, ...input };
  const open = await zonesOpenAt(trx, now);

  // The next task by the index's order (a short walk), then how many others are callable now.
  const picked = (await queueQuery(trx, q, open)
    .orderByRaw(QUEUE_ORDER)
    .first(...taskColumns.columns.map((c) => `t.${c}`), 'c.id as contactRowId')
    .forUpdate('t')
    .skipLocked()) as (TaskRow & { contactRowId: string }) | undefined;
  if (!picked) return { task: null, contact: null, opportunityId: null, phone: null, remaining: 0 };
  // Counted up to a cap: past it the rep's figure reads "1,000+" and the count stays a short walk.
  const others = Number(
    (
      (await trx.count({ n: '*' }).from(
        queueQuery(trx, { ...q, skipTaskId: picked.id }, open)
          .select(trx.raw('1'))
          .limit(REMAINING_CAP)
          .as('x'),
      )) as {
        n: string;
      }[]
    )[0]!.n,
  );
  const [task] = (await trx('tasks')
    .where({ tenantId, id: picked.id })
    .update({
      status: 'inProgress',
      version: trx.raw(`version + CASE WHEN status = 'inProgress' THEN 0 ELSE 1 END`),
      updatedAt: now,
    })
    .returning('*')) as TaskRow[];
  const contact = (await trx('contacts')
    .where({ tenantId, id: picked.contactRowId })
    .first(...contactColumns.columns)) as ContactRow;
  return {
    task: presentTask(task!, now),
    contact: presentContact(contact),
    opportunityId: task!.opportunityId,
    phone: e164(contact.phone),
    remaining: Number(others),
  };
};
