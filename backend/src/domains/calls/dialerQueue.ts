import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { insideCallingHours } from './callingHours';

/** The order the dialer hands tasks in; `tasks_dialer_idx` (migration 20261210000100) has the same keys. */
export const QUEUE_ORDER = `(t.status = 'inProgress') DESC, t.dialer_skipped_at ASC NULLS FIRST,
  (CASE t.priority WHEN 'high' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END), t.due_at, t.id`;

/** The dialer's `remaining` counts at most this many (past it, the softphone reads "1,000+"). */
export const REMAINING_CAP = 1_000;

let zones: Promise<string[]> | null = null;
let openZones: { minute: number; zones: string[]; dayStarts: Date[] } | null = null;

/**
 * The zones inside calling hours at `now`, with the start of their local day: computed over every zone name
 * Postgres knows (aliases such as `Asia/Kolkata` included, which a contact may carry) once a minute, so the
 * queue's SQL compares zone names and instants instead of converting time per row.
 */
export async function zonesOpenAt(
  db: Knex | Knex.Transaction,
  now: Date,
): Promise<{ zones: string[]; dayStarts: Date[] }> {
  const minute = Math.floor(now.getTime() / 60_000);
  if (openZones?.minute === minute) return openZones;
  zones ??= db
    .raw('SELECT name FROM pg_timezone_names')
    .then((r: { rows: { name: string }[] }) => r.rows.map((row) => row.name))
    .catch((error: unknown) => {
      zones = null;
      throw error;
    });
  const open = (await zones).filter((z) => insideCallingHours(z, now));
  openZones = {
    minute,
    zones: open,
    dayStarts: open.map((z) => DateTime.fromJSDate(now, { zone: z }).startOf('day').toJSDate()),
  };
  return openZones;
}

/**
 * The power dialer's queue as SQL: the rep's call tasks not completed and due (or undated), whose contact has a
 * number, is in a zone inside calling hours now (the contact's zone, else the tenant's), has not opted out, whose
 * number is not suppressed, who was not called since the start of their local day, and whose task has no call in
 * flight.
 */
export function queueQuery(
  trx: Knex.Transaction,
  q: { tenantId: string; ownerId: string; tenantZone: string; now: Date; sequenceId?: string; skipTaskId?: string },
  open: { zones: string[]; dayStarts: Date[] },
): Knex.QueryBuilder {
  const query = trx('tasks as t')
    .join('contacts as c', function join() {
      this.on('c.tenantId', 't.tenantId').andOn('c.id', 't.contactId');
    })
    .joinRaw('JOIN unnest(?::text[], ?::timestamptz[]) AS z(zone, day_start) ON z.zone = coalesce(c.time_zone, ?)', [
      open.zones,
      open.dayStarts,
      q.tenantZone,
    ])
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
                     AND cs.started_at >= z.day_start)`,
    );
  if (q.sequenceId) query.where('t.sequenceId', q.sequenceId);
  if (q.skipTaskId) query.whereNot('t.id', q.skipTaskId);
  return query;
}
