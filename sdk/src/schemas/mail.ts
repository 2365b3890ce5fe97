import { z } from 'zod';
import { base, Email, Id, Timestamp, Version } from '../contract/common';
import { mergeTags, withMergeTags } from './mergeTags';

/** Mail folders of the index (spec: Message Index DTO); `custom` is any other folder. */
export const MailFolder = z.enum(['inbox', 'sent', 'archive', 'custom']);
export type MailFolder = z.infer<typeof MailFolder>;
/** Connection status of a mailbox. */
export const MailboxConnectionStatus = z.enum(['connected', 'revoked', 'error']);

/** Mailbox Account DTO (spec), without `encryptedTokens`: tokens never leave the server. */
export const MailboxAccount = z.object({
  ...base,
  userId: Id,
  provider: z.literal('o365'),
  /** The mailbox's primary address. */
  address: Email,
  scopes: z.array(z.string()),
  status: MailboxConnectionStatus,
  connectedAt: Timestamp.nullable(),
  lastSyncAt: Timestamp.nullable(),
  version: Version,
});
export type MailboxAccount = z.infer<typeof MailboxAccount>;

/** An explicit share of a mailbox with another user (mail is otherwise visible only to its owner). */
export const MailboxShare = z.object({
  ...base,
  mailboxId: Id,
  userId: Id,
  access: z.enum(['read', 'readSend']),
  createdBy: Id,
  revokedAt: Timestamp.nullable(),
});
export type MailboxShare = z.infer<typeof MailboxShare>;

/** Message Index DTO (spec): metadata and a secure body pointer, never the body itself. */
export const MessageIndex = z.object({
  ...base,
  mailboxId: Id,
  externalId: z.string(),
  folder: MailFolder,
  from: z.string(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  snippet: z.string(),
  hasAttachments: z.boolean(),
  receivedAt: Timestamp,
  isRead: z.boolean(),
  isReplied: z.boolean(),
  isFlagged: z.boolean(),
  threadKey: z.string(),
  labels: z.array(z.string()),
  bodyPointer: z.string(),
  /** Opportunity the message is linked to, if any. */
  opportunityId: Id.nullable(),
  /** The RFC 5322 `Message-ID` (`<...@...>`): the same in every mailbox the email reached; null when Graph gave none. */
  internetMessageId: z.string().nullable(),
});
export type MessageIndex = z.infer<typeof MessageIndex>;

/** A message body. */
export const MailBody = z.object({
  contentType: z.enum(['html', 'text']),
  content: z.string().max(2_000_000),
});
export type MailBody = z.infer<typeof MailBody>;

/** A body written by a user or a template: its merge tags must be known (`{{contact.firstName}}`, ...). */
export const TemplatedMailBody = z.object({
  contentType: z.enum(['html', 'text']),
  content: withMergeTags(z.string().max(2_000_000)),
});
/** A subject line whose merge tags must be known. */
export const TemplatedSubject = withMergeTags(z.string().max(998));

/** Merge tag values that override the ones looked up (`{"contact.firstName": "Jo"}`): every key must be a known tag. */
export const MergeData = z.record(z.string(), z.union([z.string(), z.number(), z.null()])).superRefine((data, ctx) => {
  for (const key of Object.keys(data)) {
    if (!(mergeTags as readonly string[]).includes(key))
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `unknown merge tag ${key}; known tags: ${mergeTags.join(', ')}`,
      });
  }
});

/** A message with its body, fetched on view and cached sealed until `cachedUntil`. */
export const MessageDetail = MessageIndex.extend({
  body: MailBody,
  bcc: z.array(z.string()),
  attachments: z.array(z.object({ id: z.string(), name: z.string(), contentType: z.string(), size: z.number().int() })),
  cachedUntil: Timestamp,
  /**
   * Opens and clicks of a message sent from Pivotal with tracking (`human` leaves out scanners, image proxies and
   * hits on delivery); null for any other message.
   */
  tracking: z
    .object({
      opens: z.object({ human: z.number().int(), total: z.number().int() }),
      clicks: z.object({ human: z.number().int(), total: z.number().int() }),
      lastOpenedAt: Timestamp.nullable(),
    })
    .nullable(),
});
export type MessageDetail = z.infer<typeof MessageDetail>;

/** An attachment of an outgoing message: base64 content inline, at most 3 MB decoded (Graph's inline limit). */
export const OutgoingAttachment = z.object({
  name: z.string().min(1).max(255),
  contentType: z.string().min(1).max(255),
  contentBase64: z.base64().max(4_000_000, 'an attachment may be at most 3 MB'),
});
/** Outgoing attachments together: at most 20 and 3 MB of decoded content in all (one inline Graph request). */
export const OutgoingAttachments = z
  .array(OutgoingAttachment)
  .max(20)
  .refine(
    (list) => list.reduce((n, a) => n + a.contentBase64.length, 0) <= 4_000_000,
    'attachments may be at most 3 MB in all',
  )
  .default([]);

/**
 * The result of a send or reply, acknowledged from the outbox before Graph is called: `queued` (the sender worker
 * sends it within seconds), `scheduled` (for `sendAt`), or `sent` (an idempotent replay after it went out).
 */
export const SendResult = z.object({
  status: z.enum(['queued', 'scheduled', 'sent']),
  /** The indexed sent message; null until it is sent (a replay of the same request answers it once sent). */
  messageId: Id.nullable(),
  /** The outbox entry's id (the send job); it is the same for a replay of the same request. */
  scheduledSendId: Id.nullable(),
  sendAt: Timestamp.nullable(),
  threadKey: z.string().nullable(),
});
export type SendResult = z.infer<typeof SendResult>;

/** Health of one folder's sync. */
export const FolderSyncHealth = z.enum(['pending', 'syncing', 'synced', 'throttled', 'stalled', 'error']);

/** Backfill and delta-sync state of one folder. */
export const FolderSyncStatus = z.object({
  folder: MailFolder,
  externalFolderId: z.string(),
  displayName: z.string(),
  backfillFrom: Timestamp,
  backfilledThrough: Timestamp.nullable(),
  backfillComplete: z.boolean(),
  /** 0..1 share of the backfill window done. */
  progress: z.number().min(0).max(1),
  itemsIndexed: z.number().int().min(0),
  deltaHealthy: z.boolean(),
  lastDeltaAt: Timestamp.nullable(),
  lastError: z.object({ code: z.string(), message: z.string(), at: Timestamp }).nullable(),
  /**
   * `synced` only once the backfill is complete, a delta round finished recently and nothing is stuck;
   * `stalled` when the folder should be progressing but has not for a while (see `stalledSince`).
   */
  health: FolderSyncHealth,
  /** backfill: the first 90-day round; fill: the paged list past Graph's 5,000 cap; delta: incremental rounds. */
  phase: z.enum(['backfill', 'fill', 'delta']),
  /** Since when the folder has made no progress while it should have; null when not stalled. */
  stalledSince: Timestamp.nullable(),
  /** Counts since the folder was first synced: fetched from Graph, linked to a contact, skipped by reason. */
  counts: z.object({
    fetched: z.number().int().min(0),
    added: z.number().int().min(0),
    removed: z.number().int().min(0),
    linked: z.number().int().min(0),
    skipped: z.number().int().min(0),
    skippedReasons: z.record(z.string(), z.number().int().min(0)),
  }),
  /** How often Graph dropped the delta state (410) and the folder's round restarted. */
  restarts: z.number().int().min(0),
});
export type FolderSyncStatus = z.infer<typeof FolderSyncStatus>;

/** A mailbox's sync health: connection, sync state, throttling and per-folder progress. */
export const MailboxStatus = z.object({
  mailboxId: Id,
  status: MailboxConnectionStatus,
  /**
   * `synced` only when every folder is synced and at least one message was imported; `stalled` when any
   * folder is stalled; `idle` before the first sync or when nothing was imported.
   */
  syncState: z.enum(['idle', 'running', 'synced', 'throttled', 'stalled', 'paused', 'error']),
  /** Messages in the index for this mailbox. */
  itemsIndexed: z.number().int().min(0),
  connectedAt: Timestamp.nullable(),
  lastSyncAt: Timestamp.nullable(),
  throttledUntil: Timestamp.nullable(),
  folders: z.array(FolderSyncStatus),
  lastError: z.object({ code: z.string(), message: z.string(), at: Timestamp }).nullable(),
});
export type MailboxStatus = z.infer<typeof MailboxStatus>;

/** How reply detection classified an inbound answer to a message we sent. */
export const ReplyClassification = z.enum(['human_reply', 'out_of_office', 'bounce', 'unsubscribe']);
export type ReplyClassification = z.infer<typeof ReplyClassification>;

/** A template key: lowercase letters, digits and `_`, e.g. `tpl_ai_exec`. */
export const TemplateKey = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'expected a key such as tpl_ai_exec');

/** An e-mail template with merge tags such as `{{contact.firstName}}`. */
export const EmailTemplate = z.object({
  ...base,
  name: z.string(),
  /** Stable key that sequence steps may use instead of the id, e.g. `tpl_ai_exec`. */
  key: z.string(),
  subject: z.string(),
  body: MailBody,
  /** Merge tags found in subject and body, e.g. `contact.firstName`. */
  mergeTags: z.array(z.string()),
  /** The user who made it; null when an API key did. */
  ownerId: Id.nullable(),
  clientId: Id.nullable(),
  archivedAt: Timestamp.nullable(),
  version: Version,
});
export type EmailTemplate = z.infer<typeof EmailTemplate>;
