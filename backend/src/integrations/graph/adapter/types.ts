/** An e-mail address with its display name, as Graph shapes recipients. */
export type GraphRecipient = { emailAddress: { name?: string; address?: string } };

/** One RFC 5322 header as Graph returns it in `internetMessageHeaders`. */
export type GraphHeader = { name: string; value: string };

/** A Graph message; which properties are present depends on `$select`. */
export type GraphMessage = {
  id: string;
  internetMessageId?: string;
  conversationId?: string;
  subject?: string | null;
  bodyPreview?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  from?: GraphRecipient | null;
  sender?: GraphRecipient | null;
  toRecipients?: GraphRecipient[];
  ccRecipients?: GraphRecipient[];
  bccRecipients?: GraphRecipient[];
  replyTo?: GraphRecipient[];
  internetMessageHeaders?: GraphHeader[];
  receivedDateTime?: string;
  sentDateTime?: string;
  lastModifiedDateTime?: string;
  isRead?: boolean;
  isDraft?: boolean;
  hasAttachments?: boolean;
  importance?: 'low' | 'normal' | 'high';
  flag?: { flagStatus: 'notFlagged' | 'flagged' | 'complete' };
  parentFolderId?: string;
};

/** A Graph mail folder. */
export type GraphFolder = {
  id: string;
  displayName: string;
  parentFolderId?: string;
  childFolderCount?: number;
  totalItemCount?: number;
  unreadItemCount?: number;
};

/**
 * One page of a delta round: current items, ids that left (`@removed`), and either the next page's link or the
 * round's deltaLink (exactly one of the two is set).
 */
export type DeltaPage<T> = { items: T[]; removed: string[]; nextLink: string | null; deltaLink: string | null };

/** One page of a plain list (`@odata.nextLink` paging). */
export type ListPage<T> = { items: T[]; nextLink: string | null };

/** The fields a draft may carry when created. */
export type DraftInput = {
  subject?: string;
  body?: { contentType: 'text' | 'html'; content: string };
  toRecipients?: GraphRecipient[];
  ccRecipients?: GraphRecipient[];
  bccRecipients?: GraphRecipient[];
  /** Custom `x-` headers only: Graph refuses any other name here (other headers go in a MIME draft). */
  internetMessageHeaders?: GraphHeader[];
  /** Inline file attachments (one request carries at most about 3 MB). */
  attachments?: GraphFileAttachment[];
  isReadReceiptRequested?: boolean;
  /** A send-as alias of the mailbox. */
  from?: GraphRecipient;
};

/** A file attachment as Graph takes it inline on a draft. */
export type GraphFileAttachment = {
  '@odata.type': '#microsoft.graph.fileAttachment';
  name: string;
  contentType: string;
  contentBytes: string;
};

/** An attachment's metadata as Graph lists it. */
export type GraphAttachmentInfo = { id: string; name: string; contentType: string; size: number };

/** The message state the inbox writes through to Graph. */
export type MessagePatch = { isRead?: boolean; flag?: { flagStatus: 'notFlagged' | 'flagged' | 'complete' } };

/** A Graph change-notification subscription. */
export type GraphSubscription = {
  id: string;
  resource: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string | null;
  clientState?: string | null;
  expirationDateTime: string;
};

/** What creating a subscription needs; `resource` defaults to the mailbox's messages. */
export type SubscriptionInput = {
  resource?: string;
  changeType: string;
  notificationUrl: string;
  lifecycleNotificationUrl?: string;
  clientState: string;
  expirationDateTime: Date;
};

/** Graph's `dateTimeTimeZone`: a wall-clock time and the zone it is read in. */
export type GraphDateTimeTimeZone = { dateTime: string; timeZone: string };

/** A Graph calendar event (the properties Pivotal reads). */
export type GraphEvent = {
  id: string;
  iCalUId: string;
  webLink: string;
  subject?: string | null;
  body?: { contentType: 'text' | 'html'; content: string };
  start: GraphDateTimeTimeZone;
  end: GraphDateTimeTimeZone;
  location?: { displayName?: string };
  attendees?: { type: string; emailAddress: { name?: string; address?: string } }[];
  organizer?: GraphRecipient;
  isOnlineMeeting?: boolean;
  onlineMeetingProvider?: string;
  /** Skype-era field; null for Teams meetings, whose join URL is `onlineMeeting.joinUrl`. */
  onlineMeetingUrl?: string | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
  isCancelled?: boolean;
  transactionId?: string;
};

/**
 * A meeting to put on a mailbox's calendar. `start`/`end` are instants (Date) or wall-clock times in `timeZone`
 * (string, no offset); `timeZone` is an IANA or Windows name. `transactionId` makes the create safe to retry:
 * Graph answers the event already created with it.
 */
export type EventInput = {
  subject: string;
  body?: { contentType: 'text' | 'html'; content: string };
  start: Date | string;
  end: Date | string;
  timeZone: string;
  location?: string;
  attendees: { address: string; name?: string; type?: 'required' | 'optional' | 'resource' }[];
  /** A Teams meeting (`onlineMeetingProvider: teamsForBusiness`). */
  online: boolean;
  transactionId: string;
};

/** What a created event gives back: its ids, its Outlook link and the Teams join URL (null when not online). */
export type CreatedEvent = { id: string; webLink: string; joinUrl: string | null; iCalUId: string };

/** A calendarView window, or a saved nextLink. */
export type CalendarViewRequest = { link: string } | { start: Date; end: Date; pageSize?: number };
