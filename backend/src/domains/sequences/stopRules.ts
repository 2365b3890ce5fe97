import { LIVE_ENROLLMENT_STATUSES } from '@pivotal-pm/sdk';
import type { ReplyClassification } from '@pivotal-pm/sdk';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { uuidv7 } from '#db/ids';
import type { Emit } from '#domains/events/reaction';
import { pauseEnrollments, stopEnrollments } from './lifecycle';
import type { EnrollmentRow } from './rows';
import { unsubscribeContact } from './unsubscribe';

/** The tag a bounce puts on a contact. */
export const BOUNCED_TAG = 'email_bounced';
/** An out-of-office reply without a return date pauses for this many days. */
export const OOO_DEFAULT_DAYS = 7;

/** A classified reply of a contact, as the reply detector reports it. */
export type ReplyFacts = {
  tenantId: string;
  contactId: string;
  classification: ReplyClassification;
  /** Out-of-office: the return date (YYYY-MM-DD), else null. */
  returnDate: string | null;
  now: Date;
  /** Writes the stop rules' own events (`sequence.completed`, `sequence.paused`). */
  emit: Emit;
};

/**
 * The stop rules of a reply, in the transaction that appends its `mail.replyDetected` (see `reactions.ts`): a human reply stops the contact's live enrollments
 * (`replied`); an out-of-office pauses its active ones until the return date (start of that day in the contact's
 * zone; 7 days when none is given); a bounce stops them (`bounced`), suppresses the address and tags the contact;
 * an unsubscribe stops every enrollment of the contact, opts it out and suppresses it. Replies and bounces are
 * recorded on the send they answer (for metrics). Answers the enrollments affected.
 */
export async function applyReplyStopRules(trx: Knex.Transaction, facts: ReplyFacts): Promise<string[]> {
  const { tenantId, contactId, now, emit } = facts;
  const ofContact = (q: Knex.QueryBuilder) => q.where({ contactId });
  let rows: EnrollmentRow[] = [];
  switch (facts.classification) {
    case 'human_reply':
      rows = await stopEnrollments(trx, tenantId, ofContact, 'replied', now, emit);
      await recordOnLastSend(trx, tenantId, rows, 'reply', now);
      break;
    case 'out_of_office': {
      const contact = (await trx('contacts').where({ tenantId, id: contactId }).first('timeZone')) as
        { timeZone: string | null } | undefined;
      const tenant = (await trx('tenants').where({ id: tenantId }).first('timeZone')) as
        { timeZone: string } | undefined;
      const zone = contact?.timeZone ?? tenant?.timeZone ?? 'UTC';
      const back = facts.returnDate
        ? DateTime.fromISO(facts.returnDate, { zone }).startOf('day')
        : DateTime.fromJSDate(now).plus({ days: OOO_DEFAULT_DAYS });
      const until =
        back.isValid && back.toMillis() > now.getTime()
          ? back.toJSDate()
          : new Date(now.getTime() + OOO_DEFAULT_DAYS * 86_400_000);
      rows = await pauseEnrollments(
        trx,
        tenantId,
        (q) => q.where({ contactId, status: 'active' }),
        'out_of_office',
        until,
        now,
        emit,
      );
      break;
    }
    case 'bounce': {
      rows = await stopEnrollments(trx, tenantId, ofContact, 'bounced', now, emit);
      await recordOnLastSend(trx, tenantId, rows, 'bounce', now);
      const [contact] = (await trx('contacts')
        .where({ tenantId, id: contactId })
        .update({
          tags: trx.raw(`CASE WHEN ? = ANY(tags) THEN tags ELSE array_append(tags, ?) END`, [BOUNCED_TAG, BOUNCED_TAG]),
          updatedAt: now,
        })
        .returning(['email'])) as { email: string | null }[];
      if (contact?.email) {
        await trx.raw(
          `INSERT INTO suppressions (tenant_id, id, kind, value, reason, contact_id, created_at, updated_at)
           VALUES (?, ?, 'email', ?, 'bounced', ?, ?, ?) ON CONFLICT (tenant_id, kind, value) DO NOTHING`,
          [tenantId, uuidv7(), contact.email.toLowerCase(), contactId, now, now],
        );
      }
      break;
    }
    case 'unsubscribe':
      rows = await unsubscribeContact(trx, tenantId, contactId, now, emit, null);
      break;
  }
  return rows.map((r) => r.id);
}

/** Records a reply or bounce on each enrollment's latest send (the step it answers). */
async function recordOnLastSend(
  trx: Knex.Transaction,
  tenantId: string,
  rows: EnrollmentRow[],
  kind: 'reply' | 'bounce',
  now: Date,
): Promise<void> {
  if (rows.length === 0) return;
  await trx.raw(
    `INSERT INTO sequence_send_events (tenant_id, id, send_id, sequence_id, enrollment_id, step_index, kind, is_bot, occurred_at)
     SELECT DISTINCT ON (s.enrollment_id) s.tenant_id, gen_random_uuid(), s.id, s.sequence_id, s.enrollment_id, s.step_index, ?, false, ?
       FROM sequence_sends s WHERE s.tenant_id = ? AND s.enrollment_id = ANY(?::uuid[]) AND s.status = 'sent'
      ORDER BY s.enrollment_id, s.created_at DESC`,
    [kind, now, tenantId, rows.map((r) => r.id)],
  );
}

/** Which enrollments a sequence-configurable stop rule applies to (the rule of the definition version they run). */
async function ruleSplit(
  trx: Knex.Transaction,
  tenantId: string,
  where: (q: Knex.QueryBuilder) => void,
  rule: 'stageChanged' | 'meetingBooked',
) {
  const q = trx('sequenceEnrollments as e')
    .join('sequenceVersions as v', (j) =>
      j.on('v.tenantId', 'e.tenantId').andOn('v.sequenceId', 'e.sequenceId').andOn('v.version', 'e.sequenceVersion'),
    )
    .where('e.tenantId', tenantId)
    .whereIn('e.status', LIVE_ENROLLMENT_STATUSES);
  where(q);
  const rows = (await q.select('e.id', trx.raw(`coalesce((v.stop_rules ->> ?)::boolean, true) AS stops`, [rule]))) as {
    id: string;
    stops: boolean;
  }[];
  return { stop: rows.filter((r) => r.stops).map((r) => r.id), keep: rows.filter((r) => !r.stops).map((r) => r.id) };
}

/**
 * An opportunity changed stage: its live enrollments stop (`stage_changed`) where their sequence's stop rule says
 * so (the default); the others keep running and their `stage_changed` branches see it. Answers the stopped ids.
 */
export async function applyStageChangeStopRules(
  trx: Knex.Transaction,
  tenantId: string,
  opportunityId: string,
  now: Date,
  emit: Emit,
): Promise<string[]> {
  const { stop } = await ruleSplit(trx, tenantId, (q) => q.where('e.opportunityId', opportunityId), 'stageChanged');
  if (stop.length === 0) return [];
  return (await stopEnrollments(trx, tenantId, (q) => q.whereIn('id', stop), 'stage_changed', now, emit)).map(
    (r) => r.id,
  );
}

/**
 * A meeting was booked with a contact (or on an opportunity): live enrollments stop (`meeting_booked`) where the
 * stop rule says so; the others note `meta.meetingBookedAt` for their `meeting_booked` branches.
 */
export async function applyMeetingBookedStopRules(
  trx: Knex.Transaction,
  tenantId: string,
  target: { contactId?: string | null; opportunityId?: string | null },
  now: Date,
  emit: Emit,
): Promise<string[]> {
  if (!target.contactId && !target.opportunityId) return [];
  const where = (q: Knex.QueryBuilder) =>
    q.where((w) => {
      if (target.contactId) w.orWhere('e.contactId', target.contactId);
      if (target.opportunityId) w.orWhere('e.opportunityId', target.opportunityId);
    });
  const { stop, keep } = await ruleSplit(trx, tenantId, where, 'meetingBooked');
  if (keep.length > 0) {
    await trx('sequenceEnrollments')
      .where({ tenantId })
      .whereIn('id', keep)
      .update({
        meta: trx.raw(`meta || jsonb_build_object('meetingBookedAt', ?::text)`, [now.toISOString()]),
        updatedAt: now,
      });
  }
  if (stop.length === 0) return [];
  return (await stopEnrollments(trx, tenantId, (q) => q.whereIn('id', stop), 'meeting_booked', now, emit)).map(
    (r) => r.id,
  );
}
