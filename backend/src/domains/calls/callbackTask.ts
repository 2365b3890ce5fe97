import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import type { CallSessionRow } from './rows';

/** The task a `callback` disposition schedules: a call task in the rep's queue at the time agreed. */
export async function scheduleCallback(
  trx: Knex.Transaction,
  row: CallSessionRow,
  at: Date,
  now: Date,
): Promise<{ id: string; created: boolean }> {
  const earlier = typeof row.meta.callbackTaskId === 'string' ? row.meta.callbackTaskId : null;
  if (earlier) {
    // Disposed as a callback again: the one task moves to the new time (unless the rep already did it).
    await trx('tasks')
      .where({ tenantId: row.tenantId, id: earlier })
      .whereNot('status', 'completed')
      .update({ dueAt: at, version: trx.raw('version + 1'), updatedAt: now });
    return { id: earlier, created: false };
  }
  const id = uuidv7();
  await trx('tasks').insert({
    tenantId: row.tenantId,
    id,
    type: 'call',
    title: row.toNumber ? `Call back ${row.toNumber}` : 'Call back',
    notes: row.notes,
    opportunityId: row.opportunityId,
    contactId: row.contactId,
    clientId: row.clientId,
    ownerId: row.userId,
    dueAt: at,
    priority: 'high',
    status: 'open',
    origin: 'manual',
    version: 1,
    createdAt: now,
    updatedAt: now,
  });
  return { id, created: true };
}

/** Completes the call task the call was made from (the call was its work), when it is still open. */
export async function completeWorkedTask(trx: Knex.Transaction, row: CallSessionRow, now: Date) {
  if (!row.taskId) return null;
  const [done] = (await trx('tasks')
    .where({ tenantId: row.tenantId, id: row.taskId })
    .whereNot('status', 'completed')
    .update({ status: 'completed', completedAt: now, version: trx.raw('version + 1'), updatedAt: now })
    .returning(['id', 'type', 'ownerId', 'opportunityId', 'contactId', 'clientId'])) as {
    id: string;
    type: 'call';
    ownerId: string;
    opportunityId: string | null;
    contactId: string | null;
    clientId: string | null;
  }[];
  return done ?? null;
}
