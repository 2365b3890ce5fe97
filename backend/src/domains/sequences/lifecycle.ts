import { LIVE_ENROLLMENT_STATUSES } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import type { OpContext } from '#http/types';
import type { Emit } from '#domains/events/reaction';
import type { EnrollmentRow } from './rows';

/** The request's emitter. */
export const requestEmit =
  (ctx: OpContext): Emit =>
  (name, payload, clientId) =>
    ctx.emit(name, payload, { clientId });

/** What identifies an enrollment in every sequence event. */
export type EnrollmentRefs = {
  enrollmentId: string;
  sequenceId: string;
  contactId: string | null;
  opportunityId: string | null;
  ownerId: string;
};

/** The references every sequence event carries. */
export function enrollmentRefs(row: EnrollmentRow): EnrollmentRefs {
  return {
    enrollmentId: row.id,
    sequenceId: row.sequenceId,
    contactId: row.contactId,
    opportunityId: row.opportunityId,
    ownerId: row.ownerId,
  };
}

/** Completion reasons (stored in `stop_reason` and carried by `sequence.completed`). */
export type CompletionReason =
  | 'finished'
  | 'stopped'
  | 'replied'
  | 'meeting_booked'
  | 'unsubscribed'
  | 'opted_out'
  | 'bounced'
  | 'stage_changed'
  | 'archived';

/**
 * Ends live (active or paused) enrollments with a reason code: status completed, nothing more runs, queued
 * sends of theirs are cancelled, and one `sequence.completed` each. Returns the rows it ended.
 */
export async function stopEnrollments(
  trx: Knex.Transaction,
  tenantId: string,
  where: (q: Knex.QueryBuilder) => void,
  reason: CompletionReason,
  now: Date,
  emit: Emit,
): Promise<EnrollmentRow[]> {
  const query = trx('sequenceEnrollments').where({ tenantId }).whereIn('status', LIVE_ENROLLMENT_STATUSES);
  where(query);
  const rows = (await query
    .update({
      status: 'completed',
      stopReason: reason,
      nextRunAt: null,
      pausedUntil: null,
      updatedAt: now,
      version: trx.raw('version + 1'),
    })
    .returning('*')) as EnrollmentRow[];
  if (rows.length === 0) return rows;
  const ids = rows.map((r) => r.id);
  await trx('sequenceSends')
    .where({ tenantId, status: 'queued' })
    .whereIn('enrollmentId', ids)
    .update({ status: 'cancelled', updatedAt: now });
  await trx('sequenceApprovals')
    .where({ tenantId, status: 'pending' })
    .whereIn('enrollmentId', ids)
    .update({
      status: 'rejected',
      reason: `enrollment stopped: ${reason}`,
      decidedAt: now,
      updatedAt: now,
      version: trx.raw('version + 1'),
    });
  const clients = await sequenceClients(trx, tenantId, rows);
  for (const row of rows)
    await emit('sequence.completed', { ...enrollmentRefs(row), reason }, clients.get(row.sequenceId) ?? null);
  return rows;
}

/** Pauses live enrollments (optionally until a time, e.g. an out-of-office return date) and emits `sequence.paused`. */
export async function pauseEnrollments(
  trx: Knex.Transaction,
  tenantId: string,
  where: (q: Knex.QueryBuilder) => void,
  reason: 'manual' | 'out_of_office' | 'guardrail',
  until: Date | null,
  now: Date,
  emit: Emit,
): Promise<EnrollmentRow[]> {
  const query = trx('sequenceEnrollments').where({ tenantId }).whereIn('status', LIVE_ENROLLMENT_STATUSES);
  where(query);
  const rows = (await query
    .update({
      status: 'paused',
      stopReason: reason,
      pausedUntil: until,
      updatedAt: now,
      version: trx.raw('version + 1'),
    })
    .returning('*')) as EnrollmentRow[];
  const clients = await sequenceClients(trx, tenantId, rows);
  for (const row of rows)
    await emit('sequence.paused', { ...enrollmentRefs(row), reason }, clients.get(row.sequenceId) ?? null);
  return rows;
}

/** Client of each sequence the rows belong to (sequence events carry the sequence's client). */
export async function sequenceClients(
  trx: Knex.Transaction,
  tenantId: string,
  rows: readonly { sequenceId: string }[],
): Promise<Map<string, string | null>> {
  if (rows.length === 0) return new Map();
  const seqs = (await trx('sequences')
    .where({ tenantId })
    .whereIn('id', [...new Set(rows.map((r) => r.sequenceId))])
    .select('id', 'clientId')) as { id: string; clientId: string | null }[];
  return new Map(seqs.map((s) => [s.id, s.clientId]));
}
