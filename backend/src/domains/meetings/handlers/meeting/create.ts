import { createHash } from 'node:crypto';
import { uuidv7 } from '#db/ids';
import { ApiError, invalidReference } from '#http/errors';
import type { Handler } from '#http/types';
import { engagementLog } from '#domains/engagements/handlers/engagement/log';
import { bookEvent, organizerMailbox } from '#domains/meetings/calendar';
import { contactIdsByEmail, meetingLinks } from '#domains/meetings/links';
import { presentMeeting, type MeetingRow } from '#domains/meetings/rows';

/**
 * Books a meeting in the organizer's (the caller's) Office 365 calendar, with a Teams link unless `online` is
 * false, and logs it as a `meeting` engagement on the opportunity or account (attendees who are contacts are
 * linked): the sequences' meeting-booked stop rule reacts to it as it does to `engagement.log`. Graph's
 * `transactionId` (derived from what is booked) makes a retried request book the event once; the meeting it made
 * is answered again.
 */
export const meetingCreate: Handler<'meeting.create'> = async (input, ctx) => {
  const { tenantId, userId } = ctx.principal;
  if (userId === null) throw new ApiError('forbidden', 'Only a user organizes meetings');
  const links = await meetingLinks(ctx, input);
  const emails = input.attendees.map((a) => a.email.toLowerCase());
  const contacts = await contactIdsByEmail(ctx.trx, tenantId, emails);
  const firstContact = emails.map((e) => contacts.get(e)).find((id) => id !== undefined) ?? null;
  if (!links.accountId && !firstContact)
    throw invalidReference('accountId', 'give an accountId or opportunityId, or invite a contact, to log the meeting');
  const mailbox = await organizerMailbox(ctx);
  const timeZone = input.timeZone ?? mailbox.timeZone;
  const transactionId = createHash('sha256')
    .update([tenantId, userId, input.subject, input.startAt, input.endAt, ...[...emails].sort()].join('\0'))
    .digest('hex')
    .slice(0, 32);
  const event = await bookEvent(mailbox.ref, {
    subject: input.subject,
    ...(input.body ? { body: input.body } : {}),
    start: new Date(input.startAt),
    end: new Date(input.endAt),
    timeZone,
    ...(input.location ? { location: input.location } : {}),
    attendees: input.attendees.map((a) => ({ address: a.email, ...(a.name ? { name: a.name } : {}) })),
    online: input.online,
    transactionId,
  });
  const earlier = (await ctx.trx('meetings').where({ tenantId, externalEventId: event.id }).first()) as
    MeetingRow | undefined;
  if (earlier) return presentMeeting(earlier);

  const id = uuidv7();
  const engagement = await engagementLog(
    {
      type: 'meeting',
      channel: 'calendar',
      ...(links.accountId ? { accountId: links.accountId } : {}),
      opportunityId: links.opportunityId,
      contactId: firstContact,
      subject: input.subject,
      meta: { meetingId: id, outcome: 'scheduled', endAt: input.endAt, onlineMeetingUrl: event.joinUrl },
      occurredAt: input.startAt,
    },
    ctx,
  );
  const [row] = (await ctx
    .trx('meetings')
    .insert({
      tenantId,
      id,
      organizerId: userId,
      subject: input.subject,
      startAt: new Date(input.startAt),
      endAt: new Date(input.endAt),
      timeZone,
      attendees: JSON.stringify(
        input.attendees.map((a) => ({
          email: a.email.toLowerCase(),
          name: a.name ?? null,
          contactId: contacts.get(a.email.toLowerCase()) ?? null,
          response: 'none',
        })),
      ),
      location: input.location ?? null,
      onlineMeetingUrl: event.joinUrl,
      opportunityId: links.opportunityId,
      accountId: engagement.accountId,
      clientId: links.clientId,
      status: 'scheduled',
      externalEventId: event.id,
      engagementId: engagement.id,
      engagementOccurredAt: new Date(engagement.occurredAt),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as MeetingRow[];
  const meeting = presentMeeting(row!);
  await ctx.audit({ targetType: 'meeting', targetId: meeting.id, after: meeting });
  return meeting;
};
