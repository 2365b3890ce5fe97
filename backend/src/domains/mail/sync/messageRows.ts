import { v5 as uuidv5 } from 'uuid';
import type { GraphHeader, GraphMessage, GraphRecipient } from '#integrations/graph/adapter/index';

/** Namespace of the deterministic ids sync derives (message rows, engagements): a replayed page maps to the same ids. */
const MAIL_NAMESPACE = '5b7c3c52-3f0e-4b8e-9d0c-6a1f2a7c9e11';

/** The index folder kinds (`custom` is any other folder). */
export type FolderKind = 'inbox' | 'sent' | 'archive' | 'custom';

/** A mailbox as sync addresses it (the owner's user id is the privacy column of every mail row). */
export type SyncMailbox = { tenantId: string; mailboxId: string; userId: string; address: string };

/** One message_index row as sync writes it (snake_case: it goes through jsonb_to_recordset). */
export type IndexRow = {
  id: string;
  external_id: string;
  from_address: string | null;
  to_addresses: string[];
  cc_addresses: string[];
  subject: string | null;
  snippet: string | null;
  has_attachments: boolean;
  received_at: string;
  is_read: boolean;
  is_flagged: boolean;
  thread_key: string;
  internet_message_id: string | null;
  conversation_id: string | null;
  direction: 'in' | 'out';
  is_draft: boolean;
};

/** A deterministic uuid for a name within the mail namespace. */
export function mailUuid(name: string): string {
  return uuidv5(name, MAIL_NAMESPACE);
}

/** The lower-cased address of a Graph recipient, or null. */
export function addressOf(recipient: GraphRecipient | null | undefined): string | null {
  const address = recipient?.emailAddress?.address?.trim().toLowerCase();
  return address ? address : null;
}

function addresses(list: GraphRecipient[] | undefined): string[] {
  return (list ?? []).map(addressOf).filter((a): a is string => a !== null);
}

/** Message ids (`<...>`) listed in an RFC 5322 header value such as References. */
export function messageIds(value: string | undefined): string[] {
  return value ? [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]) : [];
}

/** The value of a header (case-insensitive name), or undefined. */
export function headerValue(headers: GraphHeader[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/**
 * The thread key: Graph's `conversationId` when present (stable across a mailbox's replies); otherwise the
 * root of the RFC 5322 chain (first `References` id, else `In-Reply-To`, else the message's own id).
 */
export function threadKeyOf(
  message: Pick<GraphMessage, 'conversationId' | 'internetMessageHeaders' | 'internetMessageId' | 'id'>,
): string {
  if (message.conversationId) return `conv:${message.conversationId}`;
  const references = messageIds(headerValue(message.internetMessageHeaders, 'References'));
  const root =
    references[0] ??
    messageIds(headerValue(message.internetMessageHeaders, 'In-Reply-To'))[0] ??
    message.internetMessageId ??
    message.id;
  return `rfc:${root}`;
}

/** Maps a Graph message to its index row; outbound when the mailbox sent it (or it sits in Sent Items). */
export function toIndexRow(mailbox: SyncMailbox, folder: FolderKind, message: GraphMessage): IndexRow {
  const from = addressOf(message.from ?? message.sender);
  const received = message.receivedDateTime ?? message.sentDateTime ?? new Date(0).toISOString();
  return {
    id: mailUuid(`${mailbox.mailboxId}:${message.id}`),
    external_id: message.id,
    from_address: from,
    to_addresses: addresses(message.toRecipients),
    cc_addresses: addresses(message.ccRecipients),
    subject: message.subject ?? null,
    snippet: message.bodyPreview ? message.bodyPreview.slice(0, 500) : null,
    has_attachments: message.hasAttachments ?? false,
    received_at: received,
    is_read: message.isRead ?? false,
    is_flagged: message.flag?.flagStatus === 'flagged',
    thread_key: threadKeyOf(message),
    internet_message_id: message.internetMessageId ?? null,
    conversation_id: message.conversationId ?? null,
    direction: folder === 'sent' || from === mailbox.address.toLowerCase() ? 'out' : 'in',
    is_draft: message.isDraft ?? false,
  };
}
