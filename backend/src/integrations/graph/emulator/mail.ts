import type { GraphStore } from './store';
import type {
  AttachmentInput,
  Mailbox,
  MessageHeader,
  MessageInput,
  Recipient,
  SentRecord,
  StoredAttachment,
  StoredFolder,
  StoredMessage,
} from './types';

/** Fields a caller may set when creating a stored message directly (seeding, control delivery). */
export type NewMessage = MessageInput & {
  from?: Recipient;
  receivedDateTime?: string;
  sentDateTime?: string;
  isRead?: boolean;
  isDraft?: boolean;
  internetMessageId?: string;
  conversationId?: string;
  meetingMessageType?: StoredMessage['meetingMessageType'];
};

/** Builds a stored message for a folder, filling Graph's defaults. */
export function buildMessage(
  store: GraphStore,
  mailbox: Mailbox,
  folder: StoredFolder,
  input: NewMessage,
): StoredMessage {
  const now = store.now().toISOString();
  const content = input.body?.content ?? '';
  const self: Recipient = { emailAddress: { name: mailbox.displayName, address: mailbox.address } };
  const from = input.from ?? self;
  const attachments = storedAttachments(store, input.attachments);
  return {
    id: store.newId('message'),
    folderId: folder.id,
    parentFolderId: folder.id,
    // Unique per message, as in Exchange (a prefix of the encoded id repeats across messages).
    internetMessageId:
      input.internetMessageId ?? `<${store.newId('imid').slice(4)}@${domainOf(from.emailAddress.address)}>`,
    conversationId: input.conversationId ?? store.newId('conversation'),
    subject: input.subject ?? '',
    bodyPreview: content
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 255),
    body: { contentType: input.body?.contentType ?? 'text', content },
    from,
    sender: from,
    toRecipients: input.toRecipients ?? [],
    ccRecipients: input.ccRecipients ?? [],
    bccRecipients: input.bccRecipients ?? [],
    replyTo: [],
    internetMessageHeaders: input.internetMessageHeaders ?? [],
    receivedDateTime: input.receivedDateTime ?? now,
    sentDateTime: input.sentDateTime ?? input.receivedDateTime ?? now,
    createdDateTime: now,
    lastModifiedDateTime: now,
    changeKey: '',
    isRead: input.isRead ?? false,
    isDraft: input.isDraft ?? false,
    hasAttachments: attachments.length > 0 || (input.hasAttachments ?? false),
    importance: input.importance ?? 'normal',
    flag: { flagStatus: 'notFlagged' },
    ...(attachments.length > 0 ? { attachments } : {}),
    ...(input.isReadReceiptRequested ? { isReadReceiptRequested: true } : {}),
    ...(input.meetingMessageType ? { meetingMessageType: input.meetingMessageType } : {}),
  };
}

/** File attachments of a request body as stored (size is the decoded length). */
export function storedAttachments(store: GraphStore, input: AttachmentInput[] | undefined): StoredAttachment[] {
  return (input ?? []).map((a) => ({
    id: store.newId('attachment'),
    name: a.name ?? 'attachment',
    contentType: a.contentType ?? 'application/octet-stream',
    size: Buffer.from(a.contentBytes ?? '', 'base64').length,
    contentBytes: a.contentBytes ?? '',
  }));
}

/** Creates a message in a folder and records the change (what "deliver" means to the control API). */
export function putMessage(
  store: GraphStore,
  mailbox: Mailbox,
  folderIdOrName: string,
  input: NewMessage,
): StoredMessage {
  const folder = store.requireFolder(mailbox, folderIdOrName);
  return store.insert(mailbox, buildMessage(store, mailbox, folder, input));
}

/** Threading fields of a reply to `original`: same conversation, In-Reply-To and an extended References. */
export function replyThreading(original: StoredMessage): Pick<NewMessage, 'conversationId' | 'internetMessageHeaders'> {
  const references = header(original, 'References');
  return {
    conversationId: original.conversationId,
    internetMessageHeaders: [
      { name: 'In-Reply-To', value: original.internetMessageId },
      { name: 'References', value: [references, original.internetMessageId].filter(Boolean).join(' ') },
    ],
  };
}

/** Draft fields for a reply: subject with "RE:", addressed to the original sender, threaded. */
export function replyDraft(mailbox: Mailbox, original: StoredMessage, comment: string, all = false): NewMessage {
  const subject = /^re:/i.test(original.subject) ? original.subject : `RE: ${original.subject}`;
  const fromSelf = original.from.emailAddress.address === mailbox.address;
  const to = fromSelf ? original.toRecipients : [original.from];
  const notSelf = (r: Recipient) => r.emailAddress.address.toLowerCase() !== mailbox.address;
  // Reply all: the sender plus the other To recipients; Cc stays Cc (never the mailbox itself).
  const toAll = all && !fromSelf ? [...to, ...original.toRecipients.filter(notSelf)] : to;
  const cc = all ? original.ccRecipients.filter(notSelf) : [];
  return {
    subject,
    body: { contentType: 'text', content: comment },
    toRecipients: toAll,
    ccRecipients: cc,
    ...replyThreading(original),
  };
}

/**
 * Sends a message from a mailbox: the sent copy lands in Sent Items (kept unless `saveToSentItems` is false)
 * and every emulated recipient gets an unread copy in its Inbox with the same internetMessageId, conversationId
 * and headers. Returns the sent-log record.
 */
export function sendFrom(
  store: GraphStore,
  mailbox: Mailbox,
  message: StoredMessage,
  sent: SentRecord[],
  saveToSentItems = true,
): SentRecord {
  const now = store.now().toISOString();
  const sentItems = store.requireFolder(mailbox, 'sentitems');
  message.isDraft = false;
  message.isRead = true;
  message.sentDateTime = now;
  message.receivedDateTime = now;
  if (mailbox.messages.has(message.id)) store.move(mailbox, message, sentItems);
  else if (saveToSentItems) store.insert(mailbox, { ...message, folderId: sentItems.id, parentFolderId: sentItems.id });
  if (!saveToSentItems && mailbox.messages.has(message.id)) store.delete(mailbox, message);
  const record: SentRecord = { from: mailbox.address, sentAt: now, message: structuredClone(message), deliveredTo: [] };
  const seen = new Set<string>();
  for (const recipient of [...message.toRecipients, ...message.ccRecipients, ...message.bccRecipients]) {
    const target = store.resolve(recipient.emailAddress.address);
    if (!target || seen.has(target.address)) continue;
    seen.add(target.address);
    const copy = putMessage(store, target, 'inbox', {
      ...copyFields(message),
      isRead: false,
      receivedDateTime: now,
      sentDateTime: now,
    });
    record.deliveredTo.push({ address: target.address, messageId: copy.id });
  }
  sent.push(record);
  return record;
}

function copyFields(message: StoredMessage): NewMessage {
  const {
    subject,
    body,
    from,
    toRecipients,
    ccRecipients,
    internetMessageHeaders,
    hasAttachments,
    importance,
    internetMessageId,
    conversationId,
  } = message;
  const attachments = (message.attachments ?? []).map(({ name, contentType, contentBytes }) => ({
    '@odata.type': '#microsoft.graph.fileAttachment',
    name,
    contentType,
    contentBytes,
  }));
  return structuredClone({
    subject,
    body,
    from,
    toRecipients,
    ccRecipients,
    internetMessageHeaders,
    hasAttachments,
    importance,
    internetMessageId,
    conversationId,
    attachments,
  });
}

/** A header's value (case-insensitive name), or '' when absent. */
export function header(message: StoredMessage, name: string): string {
  const found = message.internetMessageHeaders.find((h: MessageHeader) => h.name.toLowerCase() === name.toLowerCase());
  return found?.value ?? '';
}

function domainOf(address: string): string {
  return address.split('@')[1] ?? 'emulator.local';
}
