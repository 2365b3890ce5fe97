import type { Handler } from '#http/types';
import { decodeTimeIdCursor, exactTimestampSql } from '#domains/shared/keyset';
import { pageOf } from '#domains/shared/pagination';
import { presentTask, type TaskRow } from '#domains/engagements/presenters';
import { whereTaskStatus } from '#domains/engagements/taskStatus';

/** Due time used for ordering: a task without one sorts at its creation (the DTO shows it the same way). */
const dueSql = 'coalesce(tasks.due_at, tasks.created_at)';

/**
 * Lists tasks soonest due first, keyset on (dueAt asc, id asc). The status filter and the presented status are
 * computed at the request's clock, so an unfinished task past its due time is `overdue` with no worker involved.
 */
export const taskList: Handler<'task.list'> = async (input, ctx) => {
  const { trx, now } = ctx;
  const query = trx('tasks')
    .where('tasks.tenantId', ctx.principal.tenantId)
    .select('tasks.*', trx.raw(`${exactTimestampSql(dueSql)} AS cursor_at`))
    .orderByRaw(`${dueSql} ASC, tasks.id ASC`)
    .limit(input.limit + 1);
  if (input.ownerId !== undefined) query.where('tasks.ownerId', input.ownerId);
  if (input.opportunityId !== undefined) query.where('tasks.opportunityId', input.opportunityId);
  if (input.opportunityIds !== undefined) query.whereIn('tasks.opportunityId', input.opportunityIds);
  if (input.contactId !== undefined) query.where('tasks.contactId', input.contactId);
  if (input.dueBefore !== undefined) query.where('tasks.dueAt', '<', new Date(input.dueBefore));
  if (input.status !== undefined) whereTaskStatus(query, input.status, now);
  if (input.cursor !== undefined) {
    const c = decodeTimeIdCursor(input.cursor);
    query.whereRaw(`(${dueSql}, tasks.id) > (?::timestamptz, ?::uuid)`, [c.at, c.id]);
  }
  const rows = (await query) as TaskRow[];
  return pageOf(
    rows,
    input.limit,
    (r) => [r.cursorAt ?? '', r.id],
    (r) => presentTask(r, now),
  );
};
