/** An e-mail address with a display name, as Graph shapes recipients. */
export type Recipient = { emailAddress: { name: string; address: string } };

/** One internet message header (name and value) on a Graph message. */
export type MessageHeader = { name: string; value: string };

/** Follow-up flag state of a message. */
export type FollowupFlag = { flagStatus: 'notFlagged' | 'flagged' | 'complete' };

/** A message as the emulator stores it; `id` is the immutable id and never changes, even on move. */
export type StoredMessage = {
  id: string;
  folderId: string;
  internetMessageId: string;
  conversationId: string;
  subject: string;
  bodyPreview: string;
  body: { contentType: 'text' | 'html'; content: string };
  from: Recipient;
  sender: Recipient;
  toRecipients: Recipient[];
  ccRecipients: Recipient[];
  bccRecipients: Recipient[];
  replyTo: Recipient[];
  internetMessageHeaders: MessageHeader[];
  receivedDateTime: string;
  sentDateTime: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  changeKey: string;
  isRead: boolean;
  isDraft: boolean;
  hasAttachments: boolean;
  importance: 'low' | 'normal' | 'high';
  flag: FollowupFlag;
  parentFolderId: string;
  /** File attachments (content kept as base64); listed by `GET messages/{id}/attachments`, never inline. */
  attachments?: StoredAttachment[];
  isReadReceiptRequested?: boolean;
  /** Set on meeting messages (Graph's eventMessage): an invitation or a cancellation. */
  meetingMessageType?: 'meetingRequest' | 'meetingCancelled';
};

/** A file attachment of a stored message. */
export type StoredAttachment = { id: string; name: string; contentType: string; size: number; contentBytes: string };

/** A file attachment as Graph request bodies carry it (`#microsoft.graph.fileAttachment`). */
export type AttachmentInput = { '@odata.type'?: string; name?: string; contentType?: string; contentBytes?: string };

/** Latest change of one message in one folder; delta rounds read these by change number. */
export type FolderChange = { seq: number; addedSeq: number; removed: boolean };

/** Well-known folder names the emulator creates in every mailbox. */
export type WellKnownFolder = 'inbox' | 'sentitems' | 'archive' | 'drafts' | 'deleteditems';

/** A mail folder with its per-message change table. */
export type StoredFolder = {
  id: string;
  displayName: string;
  wellKnownName: WellKnownFolder | null;
  parentFolderId: string;
  changeSeq: number;
  removed: boolean;
  changes: Map<string, FolderChange>;
};

/** One emulated mailbox, addressed by e-mail/UPN (case-insensitive) or its user id. */
export type Mailbox = {
  userId: string;
  address: string;
  displayName: string;
  rootFolderId: string;
  folders: Map<string, StoredFolder>;
  messages: Map<string, StoredMessage>;
  /** Calendar events of the mailbox's default calendar, by id. */
  events: Map<string, StoredEvent>;
  seq: number;
};

/** A message draft as accepted from Graph request bodies (sendMail, create draft, reply). */
export type MessageInput = {
  subject?: string;
  body?: { contentType?: 'text' | 'html'; content?: string };
  toRecipients?: Recipient[];
  ccRecipients?: Recipient[];
  bccRecipients?: Recipient[];
  internetMessageHeaders?: MessageHeader[];
  hasAttachments?: boolean;
  importance?: 'low' | 'normal' | 'high';
  attachments?: AttachmentInput[];
  isReadReceiptRequested?: boolean;
};

/** One message that left an emulated mailbox, with the emulated mailboxes it reached. */
export type SentRecord = {
  from: string;
  sentAt: string;
  message: StoredMessage;
  deliveredTo: { address: string; messageId: string }[];
};

/** Graph's `dateTimeTimeZone`: a wall-clock time and the zone it is read in. */
export type DateTimeTimeZone = { dateTime: string; timeZone: string };

/** An event attendee as Graph shapes it. */
export type Attendee = {
  type: 'required' | 'optional' | 'resource';
  status: { response: string; time: string };
  emailAddress: { name: string; address: string };
};

/** A calendar event as the emulator stores it; `startAt`/`endAt` are its instants (ms) for calendarView. */
export type StoredEvent = {
  id: string;
  iCalUId: string;
  transactionId: string | null;
  changeKey: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  subject: string;
  body: { contentType: 'text' | 'html'; content: string };
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  startAt: number;
  endAt: number;
  location: { displayName: string };
  attendees: Attendee[];
  organizer: Recipient;
  isOnlineMeeting: boolean;
  onlineMeetingProvider: string;
  joinUrl: string | null;
  conferenceId: string | null;
  isCancelled: boolean;
};
