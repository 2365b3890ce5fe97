import type { Task } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';

/**
 * Restricts a tasks query to the tasks presented with `status` at `now` (mirrors `taskStatus` in the presenter):
 * `overdue` is any unfinished task past its due time, whatever the stored status says.
 */
export function whereTaskStatus(query: Knex.QueryBuilder, status: Task['status'], now: Date, alias = 'tasks'): void {
  const col = (c: string) => `${alias}.${c}`;
  switch (status) {
    case 'completed':
      query.where(col('status'), 'completed');
      return;
    case 'overdue':
      query.whereNot(col('status'), 'completed').where(col('dueAt'), '<', now);
      return;
    case 'open':
    case 'inProgress':
      query
        .whereIn(col('status'), status === 'open' ? ['open', 'overdue'] : ['inProgress'])
        .where((q) => q.whereNull(col('dueAt')).orWhere(col('dueAt'), '>=', now));
      return;
  }
}

/** SQL of the presented status of `alias` at the bound `now` (one `?` binding), for raw queries. */
export function taskStatusSql(alias: string): string {
  return `CASE WHEN ${alias}.status = 'completed' THEN 'completed'
    WHEN ${alias}.due_at < ?::timestamptz THEN 'overdue'
    WHEN ${alias}.status = 'overdue' THEN 'open' ELSE ${alias}.status END`;
}
