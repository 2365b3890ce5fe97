import type { Knex } from 'knex';

/**
 * The power dialer's queue as SQL: the rep's call tasks not completed and due (or undated), whose contact has a
 * number, has not opted out, whose number is not suppressed, who was not called since the start of their local
 * day, and whose task has no call in flight. `zone` is the contact's zone, else the tenant's.
 */
export function queueQuery(
  trx: Knex.Transaction,
  q: { tenantId: string; ownerId: string; tenantZone: string; now: Date; sequenceId?: string; skipTaskId?: string },
): Knex.QueryBuilder {
  const query = trx('tasks as t')
    .join('contacts as c', function join() {
      this.on('c.tenantId', 't.tenantId').andOn('c.id', 't.contactId');
    })
    .where({ 't.tenantId': q.tenantId, 't.ownerId': q.ownerId, 't.type': 'call' })
    .whereNot('t.status', 'completed')
    .where((w) => w.whereNull('t.dueAt').orWhere('t.dueAt', '<=', q.now))
    .whereNotNull('c.phone')
    .where('c.optedOut', false)
    .whereNull('c.mergedIntoId')
    .whereRaw(
      `NOT EXISTS (SELECT 1 FROM suppressions s WHERE s.tenant_id = t.tenant_id AND s.kind = 'phone' AND s.value = c.phone)`,
    )
    .whereRaw(
      `NOT EXISTS (SELECT 1 FROM call_sessions cs WHERE cs.tenant_id = t.tenant_id AND cs.task_id = t.id
                     AND cs.status NOT IN ('ended', 'failed'))`,
    )
    .whereRaw(
      `NOT EXISTS (SELECT 1 FROM call_sessions cs WHERE cs.tenant_id = t.tenant_id AND cs.contact_id = c.id
                     AND cs.started_at >= (date_trunc('day', ?::timestamptz AT TIME ZONE coalesce(c.time_zone, ?))
                                           AT TIME ZONE coalesce(c.time_zone, ?)))`,
      [q.now, q.tenantZone, q.tenantZone],
    );
  if (q.sequenceId) query.where('t.sequenceId', q.sequenceId);
  if (q.skipTaskId) query.whereNot('t.id', q.skipTaskId);
  return query;
}

/** The zone expression the queue groups and filters contacts by. */
export const ZONE_SQL = `coalesce(c.time_zone, ?)`;
