import type { Knex } from 'knex';
import { uuidv7 } from '#db/ids';
import { appendEvents } from '#domains/events/append';
import { eventToAppend } from '#domains/events/reaction';
import { FINISHED, type CallSessionRow } from './rows';

/** How a call finishes: by the rep (`call.end`) or by the provider (a hang-up, a customer who did not answer). */
export type Finish = {
  status: 'ended' | 'failed';
  endedAt: Date;
  notes?: string | null;
  reason?: string | null;
  /** The provider's own measure, when it gives one. */
  durationSec?: number | null;
};

/**
 * Talk time: the provider's own measure when it gives one, else from when the customer answered to the end; a call
 * nobody answered (as far as the provider told) talked for 0 seconds, however long it rang.
 */
export function talkSeconds(row: CallSessionRow, finish: Finish): number {
  if (finish.durationSec !== undefined && finish.durationSec !== null) return finish.durationSec;
  if (row.connectedAt === null) return 0;
  return Math.max(0, Math.round((finish.endedAt.getTime() - row.connectedAt.getTime()) / 1000));
}

/** The account (and client) a call is logged under: its opportunity's, else its contact's; null when neither. */
async function logTarget(trx: Knex.Transaction, row: CallSessionRow) {
  if (row.opportunityId) {
    return (await trx('opportunities')
      .where({ tenantId: row.tenantId, id: row.opportunityId })
      .first('accountId', 'clientId')) as { accountId: string; clientId: string | null } | undefined;
  }
  if (row.contactId) {
    return (await trx('contacts')
      .where({ tenantId: row.tenantId, id: row.contactId })
      .first('accountId', 'clientId')) as { accountId: string; clientId: string | null } | undefined;
  }
  return undefined;
}

/**
 * Finishes a call once: the status, end and talk time, then the call on the timeline (a `call_out`/`call_in`
 * engagement with its duration, on the opportunity and contact) and `call.ended` + `engagement.logged` in the same
 * transaction. A call already finished is answered unchanged (a second end is a no-op). The row must be locked.
 */
export async function finishCall(
  trx: Knex.Transaction,
  row: CallSessionRow,
  finish: Finish,
  actor: string,
  now: Date,
): Promise<CallSessionRow> {
  if (FINISHED.has(row.status)) return row;
  const durationSec = talkSeconds(row, finish);
  const target = await logTarget(trx, row);
  const type = row.direction === 'in' ? 'call_in' : 'call_out';
  const engagementId = target ? uuidv7() : null;
  if (target) {
    await trx('engagements').insert({
      tenantId: row.tenantId,
      id: engagementId,
      occurredAt: row.startedAt,
      opportunityId: row.opportunityId,
      accountId: target.accountId,
      contactId: row.contactId,
      clientId: target.clientId,
      actorId: row.userId,
      type,
      direction: row.direction,
      subject: row.toNumber ? `Call ${row.direction === 'in' ? 'from' : 'to'} ${row.toNumber}` : 'Call',
      bodyPreview: (finish.notes ?? row.notes)?.slice(0, 500) ?? null,
      meta: JSON.stringify({
        callId: row.id,
        durationSec,
        status: finish.status,
        provider: row.provider,
        disposition: row.disposition,
        ...(finish.reason ? { failureReason: finish.reason } : {}),
      }),
      isBot: false,
      channel: 'phone',
      createdAt: now,
      updatedAt: now,
    });
    if (row.opportunityId)
      await trx('opportunities')
        .where({ tenantId: row.tenantId, id: row.opportunityId })
        .update({
          lastActivityAt: trx.raw('greatest(coalesce(last_activity_at, ?::timestamptz), ?::timestamptz)', [
            row.startedAt,
            row.startedAt,
          ]),
        });
  }
  const [updated] = (await trx('callSessions')
    .where({ tenantId: row.tenantId, id: row.id })
    .update({
      status: finish.status,
      endedAt: finish.endedAt,
      durationSec,
      notes: finish.notes ?? row.notes,
      failureReason: finish.reason ?? row.failureReason,
      engagementId,
      engagementOccurredAt: target ? row.startedAt : null,
      version: trx.raw('version + 1'),
      updatedAt: now,
    })
    .returning('*')) as CallSessionRow[];
  const refs = { callId: row.id, userId: row.userId, contactId: row.contactId, opportunityId: row.opportunityId };
  const events = [
    eventToAppend({
      name: 'call.ended',
      payload: { ...refs, status: finish.status, durationSec, endedAt: finish.endedAt.toISOString() },
      clientId: row.clientId,
      actor,
      occurredAt: now,
    }),
  ];
  if (target && engagementId)
    events.push(
      eventToAppend({
        name: 'engagement.logged',
        payload: {
          engagementId,
          type,
          channel: 'phone',
          accountId: target.accountId,
          contactId: row.contactId,
          opportunityId: row.opportunityId,
          actorId: row.userId,
          occurredAt: row.startedAt.toISOString(),
          isBot: false,
        },
        clientId: target.clientId,
        actor,
        occurredAt: now,
        facts: { meetingBooked: false },
      }),
    );
  await appendEvents(trx, row.tenantId, events);
  return updated!;
}
