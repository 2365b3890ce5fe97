import { uuidv7 } from '#db/ids';
import { ApiError, invalidField, invalidReference, notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { engagementLog } from '#domains/engagements/handlers/engagement/log';
import { findContact } from '#domains/engagements/references';
import { assertOwnerOrManager } from '#domains/shared/records';
import { meetingLinks } from '#domains/meetings/links';
import { presentMeeting, type MeetingRow } from '#domains/meetings/rows';

const HALF_HOUR = 30 * 60_000;

/**
 * Records a meeting's outcome. With `meetingId`: the booked meeting (its organizer's, or a manager's) becomes held,
 * missed or cancelled, on the meeting and its timeline entry. Without: a meeting held elsewhere is logged (30
 * minutes unless `endAt` says otherwise) with its contacts, as a `meeting` engagement; one logged as held counts as
 * a meeting booked for the sequences' stop rule, a missed or cancelled one does not.
 */
export const meetingLog: Handler<'meeting.log'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  const { trx, now } = ctx;
  if (input.meetingId) {
    const row = (await trx('meetings').where({ tenantId, id: input.meetingId }).forUpdate().first()) as
      MeetingRow | undefined;
    if (!row) throw notFound('Meeting');
    assertOwnerOrManager(ctx, row.organizerId, 'meeting');
    if (row.status !== 'scheduled' && row.status !== input.outcome)
      throw new ApiError('invalid_state', `The meeting was already logged as ${row.status}`);
    if (row.status === input.outcome && (input.notes ?? row.notes) === row.notes) return presentMeeting(row);
    const [updated] = (await trx('meetings')
      .where({ tenantId, id: row.id })
      .update({ status: input.outcome, notes: input.notes ?? row.notes, version: row.version + 1, updatedAt: now })
      .returning('*')) as MeetingRow[];
    if (row.engagementId && row.engagementOccurredAt)
      await trx('engagements')
        .where({ tenantId, id: row.engagementId, occurredAt: row.engagementOccurredAt })
        .update({
          meta: trx.raw(`meta || ?::jsonb`, [JSON.stringify({ outcome: input.outcome })]),
          bodyPreview: (input.notes ?? row.notes)?.slice(0, 2000) ?? null,
          updatedAt: now,
        });
    const before = presentMeeting(row);
    const after = presentMeeting(updated!);
    await ctx.audit({ targetType: 'meeting', targetId: row.id, before, after });
    return after;
  }

  if (userId === null) throw new ApiError('forbidden', 'Only a user logs meetings');
  const links = await meetingLinks(ctx, input);
  const contacts = [];
  for (const [i, id] of input.contactIds.entries()) {
    const contact = await findContact(ctx, id);
    if (!contact) throw invalidReference(`contactIds.${i}`, 'no such contact in this tenant');
    contacts.push(
      (await trx('contacts').where({ tenantId, id }).first('id', 'email', 'firstName', 'lastName')) as {
        id: string;
        email: string | null;
        firstName: string | null;
        lastName: string | null;
      },
    );
  }
  const startAt = new Date(input.startAt!);
  const endAt = input.endAt ? new Date(input.endAt) : new Date(startAt.getTime() + HALF_HOUR);
  if (endAt <= startAt) throw invalidField('endAt', 'must be after `startAt`');
  const id = uuidv7();
  const engagement = await engagementLog(
    {
      type: 'meeting',
      channel: 'calendar',
      accountId: links.accountId!,
      opportunityId: links.opportunityId,
      contactId: contacts[0]?.id ?? null,
      subject: input.subject!,
      ...(input.notes ? { bodyPreview: input.notes.slice(0, 2000) } : {}),
      meta: { meetingId: id, outcome: input.outcome, endAt: endAt.toISOString() },
      occurredAt: startAt.toISOString(),
    },
    ctx,
  );
  const { timeZone } = (await trx('users').where({ tenantId, id: userId }).first('timeZone')) as { timeZone: string };
  const [row] = (await trx('meetings')
    .insert({
      tenantId,
      id,
      organizerId: userId,
      subject: input.subject!,
      startAt,
      endAt,
      timeZone,
      attendees: JSON.stringify(
        contacts
          .filter((c) => c.email)
          .map((c) => ({
            email: c.email,
            name: [c.firstName, c.lastName].filter(Boolean).join(' ') || null,
            contactId: c.id,
            response: 'accepted',
          })),
      ),
      opportunityId: links.opportunityId,
      accountId: links.accountId,
      clientId: links.clientId,
      status: input.outcome,
      notes: input.notes ?? null,
      engagementId: engagement.id,
      engagementOccurredAt: new Date(engagement.occurredAt),
      createdAt: now,
      updatedAt: now,
    })
    .returning('*')) as MeetingRow[];
  const meeting = presentMeeting(row!);
  await ctx.audit({ targetType: 'meeting', targetId: meeting.id, after: meeting });
  return meeting;
};
