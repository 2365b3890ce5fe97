import { ianaZone, instantOf, wallClock } from '../timeZone';
import { BadRequest } from './gate';
import { putMessage } from './mail';
import { type GraphStore, NotFound } from './store';
import type { Attendee, DateTimeTimeZone, Mailbox, StoredEvent } from './types';

/** An event as a create request carries it (only what the emulator reads). */
export type EventInput = {
  subject?: unknown;
  body?: { contentType?: unknown; content?: unknown };
  start?: Partial<DateTimeTimeZone>;
  end?: Partial<DateTimeTimeZone>;
  location?: { displayName?: unknown };
  attendees?: { emailAddress?: { address?: unknown; name?: unknown }; type?: unknown }[];
  isOnlineMeeting?: unknown;
  onlineMeetingProvider?: unknown;
  transactionId?: unknown;
};

/** Graph's "no response yet" time. */
export const NO_RESPONSE_TIME = '0001-01-01T00:00:00Z';
const ATTENDEE_TYPES = new Set(['required', 'optional', 'resource']);

/**
 * Creates an event in a mailbox's calendar (Graph's `POST /users/{id}/events`), or answers the live event already
 * created with the same `transactionId`. Emulated attendees get a meeting request in their Inbox.
 */
export function createEvent(
  store: GraphStore,
  mailbox: Mailbox,
  input: EventInput,
): { event: StoredEvent; created: boolean } {
  const transactionId =
    typeof input.transactionId === 'string' && input.transactionId !== '' ? input.transactionId : null;
  if (transactionId) {
    for (const existing of mailbox.events.values())
      if (existing.transactionId === transactionId && !existing.isCancelled) return { event: existing, created: false };
  }
  const start = checkTime(input.start, 'Start');
  const end = checkTime(input.end, 'End');
  // Graph words a range that ends before it starts as a failed property validation.
  if (end.at < start.at)
    throw new BadRequest('ErrorPropertyValidationFailure', 'At least one property failed validation.');
  const id = store.newId('event');
  const now = store.now().toISOString();
  const provider = typeof input.onlineMeetingProvider === 'string' ? input.onlineMeetingProvider : 'teamsForBusiness';
  // The emulated calendars allow one provider, Teams; asking for another leaves the event without a meeting.
  const online = input.isOnlineMeeting === true && provider === 'teamsForBusiness';
  const meetingId = online ? store.newId('meeting').slice(4) : null;
  const event: StoredEvent = {
    id,
    iCalUId: `040000008200E00074C5B7101A82E008${Buffer.from(id).toString('hex').toUpperCase()}`,
    transactionId,
    changeKey: Buffer.from(`ev${store.revision}`).toString('base64url'),
    createdDateTime: now,
    lastModifiedDateTime: now,
    subject: typeof input.subject === 'string' ? input.subject : '',
    body: {
      contentType: String(input.body?.contentType ?? 'text').toLowerCase() === 'html' ? 'html' : 'text',
      content: typeof input.body?.content === 'string' ? input.body.content : '',
    },
    start: start.value,
    end: end.value,
    startAt: start.at,
    endAt: end.at,
    location: { displayName: typeof input.location?.displayName === 'string' ? input.location.displayName : '' },
    attendees: checkAttendees(input.attendees),
    organizer: { emailAddress: { name: mailbox.displayName, address: mailbox.address } },
    isOnlineMeeting: online,
    onlineMeetingProvider: online ? 'teamsForBusiness' : 'unknown',
    joinUrl: meetingId
      ? `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${meetingId}%40thread.v2/0?context=%7b%7d`
      : null,
    conferenceId: meetingId ? String(parseInt(Buffer.from(id).toString('hex').slice(-10), 16)).slice(0, 9) : null,
    isCancelled: false,
  };
  mailbox.events.set(id, event);
  store.revision += 1;
  notifyAttendees(store, mailbox, event, 'meetingRequest', event.body);
  return { event, created: true };
}

/** An event of the mailbox's own calendar, or Graph's 404. */
export function requireEvent(mailbox: Mailbox, id: string): StoredEvent {
  const event = mailbox.events.get(decodeURIComponent(id));
  if (!event) throw new NotFound('ErrorItemNotFound', 'The specified object was not found in the store.');
  return event;
}

/** Removes an event from the calendar; as organizer, tells emulated attendees it is cancelled (with `comment`). */
export function removeEvent(store: GraphStore, mailbox: Mailbox, event: StoredEvent, comment = ''): void {
  event.isCancelled = true;
  mailbox.events.delete(event.id);
  store.revision += 1;
  notifyAttendees(store, mailbox, event, 'meetingCancelled', { contentType: 'text', content: comment });
}

/** Live events overlapping [start, end), by start then id (Graph's calendarView takes events that overlap). */
export function eventsBetween(mailbox: Mailbox, start: number, end: number): StoredEvent[] {
  return [...mailbox.events.values()]
    .filter((e) => e.startAt < end && (e.endAt > start || (e.endAt === e.startAt && e.startAt >= start)))
    .sort((a, b) => a.startAt - b.startAt || (a.id < b.id ? -1 : 1));
}

function checkTime(value: Partial<DateTimeTimeZone> | undefined, name: 'Start' | 'End') {
  if (!value || typeof value.dateTime !== 'string' || value.dateTime === '')
    throw new BadRequest('ErrorInvalidRequest', `The event's ${name} property is required.`);
  const timeZone = typeof value.timeZone === 'string' && value.timeZone !== '' ? value.timeZone : 'UTC';
  const zone = ianaZone(timeZone);
  if (!zone)
    throw new BadRequest(
      'TimeZoneNotSupportedException',
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${timeZone}'.`,
    );
  const at = instantOf(value.dateTime, zone);
  if (Number.isNaN(at))
    throw new BadRequest('ErrorInvalidRequest', `Cannot convert the literal '${value.dateTime}' to a date-time.`);
  return { at, value: { dateTime: wallClock(at, zone), timeZone } };
}

function checkAttendees(input: EventInput['attendees']): Attendee[] {
  if (input === undefined) return [];
  if (!Array.isArray(input) || input.some((a) => typeof a?.emailAddress?.address !== 'string'))
    throw new BadRequest('ErrorInvalidRequest', 'Attendees need emailAddress.address.');
  return input.map((a) => {
    const address = String(a.emailAddress?.address);
    const type = typeof a.type === 'string' ? a.type.toLowerCase() : 'required';
    if (!ATTENDEE_TYPES.has(type)) throw new BadRequest('ErrorInvalidRequest', `Invalid attendee type '${type}'.`);
    const name = typeof a.emailAddress?.name === 'string' ? a.emailAddress.name : address;
    return {
      type: type as Attendee['type'],
      status: { response: 'none', time: NO_RESPONSE_TIME },
      emailAddress: { name, address },
    };
  });
}

function notifyAttendees(
  store: GraphStore,
  organizer: Mailbox,
  event: StoredEvent,
  kind: 'meetingRequest' | 'meetingCancelled',
  body: StoredEvent['body'],
): void {
  const seen = new Set<string>([organizer.address]);
  for (const attendee of event.attendees) {
    const target = store.resolve(attendee.emailAddress.address);
    if (!target || seen.has(target.address)) continue;
    seen.add(target.address);
    putMessage(store, target, 'inbox', {
      subject: kind === 'meetingCancelled' ? `Canceled: ${event.subject}` : event.subject,
      body,
      from: event.organizer,
      toRecipients: event.attendees.filter((a) => a.type !== 'optional').map(({ emailAddress }) => ({ emailAddress })),
      ccRecipients: event.attendees.filter((a) => a.type === 'optional').map(({ emailAddress }) => ({ emailAddress })),
      meetingMessageType: kind,
    });
  }
}
