import { ianaZone, wallClock } from '../timeZone';
import { NO_RESPONSE_TIME } from './calendar';
import type { StoredEvent } from './types';

/** The Graph JSON of an event; start/end in UTC, or in `zone` (a `Prefer: outlook.timezone` zone). */
export function presentEvent(event: StoredEvent, zone: string | null = null): Record<string, unknown> {
  const shownZone = zone ? (ianaZone(zone) ?? 'UTC') : 'UTC';
  const shown = (at: number) => ({ dateTime: wallClock(at, shownZone), timeZone: zone ?? 'UTC' });
  return {
    '@odata.etag': `W/"${event.changeKey}"`,
    id: event.id,
    createdDateTime: event.createdDateTime,
    lastModifiedDateTime: event.lastModifiedDateTime,
    changeKey: event.changeKey,
    categories: [],
    // Graph returns transactionId only when the app set it.
    ...(event.transactionId ? { transactionId: event.transactionId } : {}),
    originalStartTimeZone: event.start.timeZone,
    originalEndTimeZone: event.end.timeZone,
    iCalUId: event.iCalUId,
    reminderMinutesBeforeStart: 15,
    isReminderOn: true,
    hasAttachments: false,
    subject: event.subject,
    bodyPreview: event.body.content
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 255),
    importance: 'normal',
    sensitivity: 'normal',
    isAllDay: false,
    isCancelled: event.isCancelled,
    isOrganizer: true,
    responseRequested: true,
    seriesMasterId: null,
    showAs: 'busy',
    type: 'singleInstance',
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(event.id)}&exvsurl=1&path=/calendar/item`,
    // Set only for Skype-style meetings; a Teams meeting's join URL is onlineMeeting.joinUrl.
    onlineMeetingUrl: null,
    isOnlineMeeting: event.isOnlineMeeting,
    onlineMeetingProvider: event.onlineMeetingProvider,
    responseStatus: { response: 'organizer', time: NO_RESPONSE_TIME },
    body: event.body,
    start: shown(event.startAt),
    end: shown(event.endAt),
    location: event.location,
    locations: event.location.displayName ? [event.location] : [],
    recurrence: null,
    attendees: event.attendees,
    organizer: event.organizer,
    onlineMeeting: event.joinUrl
      ? { joinUrl: event.joinUrl, conferenceId: event.conferenceId, tollNumber: null, tollFreeNumbers: null }
      : null,
  };
}
