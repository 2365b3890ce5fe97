import type { MailboxRef } from '../mailboxAccess';
import { ianaZone, wallClock } from '../timeZone';
import type { GraphTransport } from './graphTransport';
import type {
  CalendarViewRequest,
  CreatedEvent,
  EventInput,
  GraphDateTimeTimeZone,
  GraphEvent,
  ListPage,
} from './types';

/** The calendar part of the Graph adapter (events of a mailbox's default calendar). */
export type GraphCalendarAdapter = {
  /**
   * Creates an event (a Teams meeting when `online`) and sends the invitations. Safe to retry: a 429/503 retried
   * by the transport, or a second call with the same `transactionId`, answers the event already created.
   */
  createEvent(ref: MailboxRef, event: EventInput): Promise<CreatedEvent>;
  getEvent(ref: MailboxRef, eventId: string): Promise<GraphEvent>;
  /** Cancels a meeting the mailbox organizes: attendees get a cancellation (with `comment`), the event goes. */
  cancelEvent(ref: MailboxRef, eventId: string, comment?: string): Promise<void>;
  /** Events overlapping a window, start and end answered in UTC; follow `nextLink` with `{ link }`. */
  calendarView(ref: MailboxRef, request: CalendarViewRequest): Promise<ListPage<GraphEvent>>;
};

const DEFAULT_PAGE = 100;
const user = (ref: MailboxRef) => `/users/${encodeURIComponent(ref.address)}`;
const eventPath = (ref: MailboxRef, id: string) => `${user(ref)}/events/${encodeURIComponent(id)}`;

/** The calendar methods over a transport (retries, per-mailbox concurrency and immutable ids come from it). */
export function createGraphCalendar(t: GraphTransport): GraphCalendarAdapter {
  return {
    async createEvent(ref, input) {
      const created = await t.send<GraphEvent>(ref, {
        method: 'POST',
        path: `${user(ref)}/events`,
        body: eventBody(input),
      });
      return {
        id: created.id,
        webLink: created.webLink,
        joinUrl: created.onlineMeeting?.joinUrl ?? created.onlineMeetingUrl ?? null,
        iCalUId: created.iCalUId,
      };
    },
    getEvent: (ref, id) => t.send(ref, { method: 'GET', path: eventPath(ref, id) }),
    async cancelEvent(ref, id, comment) {
      await t.send(ref, {
        method: 'POST',
        path: `${eventPath(ref, id)}/cancel`,
        body: comment ? { comment } : {},
      });
    },
    async calendarView(ref, request) {
      const path =
        'link' in request
          ? request.link
          : `${user(ref)}/calendarView?startDateTime=${encodeURIComponent(request.start.toISOString())}&endDateTime=${encodeURIComponent(request.end.toISOString())}`;
      const pageSize = 'link' in request ? DEFAULT_PAGE : (request.pageSize ?? DEFAULT_PAGE);
      const page = await t.send<{ value?: GraphEvent[]; '@odata.nextLink'?: string }>(ref, {
        method: 'GET',
        path,
        prefer: [`odata.maxpagesize=${pageSize}`],
      });
      return { items: page.value ?? [], nextLink: page['@odata.nextLink'] ?? null };
    },
  };
}

/** The Graph request body of an event. */
export function eventBody(input: EventInput): Record<string, unknown> {
  return {
    subject: input.subject,
    ...(input.body ? { body: input.body } : {}),
    start: dateTimeTimeZone(input.start, input.timeZone),
    end: dateTimeTimeZone(input.end, input.timeZone),
    ...(input.location ? { location: { displayName: input.location } } : {}),
    attendees: input.attendees.map((a) => ({
      emailAddress: { address: a.address, ...(a.name ? { name: a.name } : {}) },
      type: a.type ?? 'required',
    })),
    isOnlineMeeting: input.online,
    ...(input.online ? { onlineMeetingProvider: 'teamsForBusiness' } : {}),
    transactionId: input.transactionId,
  };
}

/**
 * A Date becomes its wall-clock time in `timeZone` (so Outlook shows the meeting in the zone it was planned in);
 * a zone the runtime cannot convert to is replaced by UTC. A string is already a wall-clock time in `timeZone`.
 */
function dateTimeTimeZone(value: Date | string, timeZone: string): GraphDateTimeTimeZone {
  if (typeof value === 'string') return { dateTime: value, timeZone };
  const zone = ianaZone(timeZone);
  if (!zone) return { dateTime: wallClock(value.getTime(), 'UTC'), timeZone: 'UTC' };
  return { dateTime: wallClock(value.getTime(), zone), timeZone };
}
