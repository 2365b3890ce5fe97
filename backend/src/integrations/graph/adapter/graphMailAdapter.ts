import type { MailboxRef } from '../mailboxAccess';
import { type GraphCalendarAdapter, createGraphCalendar } from './graphCalendar';
import { type GraphTransport, type TransportOptions, createGraphTransport } from './graphTransport';
import type {
  DeltaPage,
  DraftInput,
  GraphAttachmentInfo,
  GraphFolder,
  GraphMessage,
  GraphSubscription,
  ListPage,
  MessagePatch,
  SubscriptionInput,
} from './types';

/** Properties the sync worker indexes (no body: bodies are fetched on first view). */
export const SYNC_SELECT = [
  'internetMessageId',
  'conversationId',
  'subject',
  'bodyPreview',
  'from',
  'sender',
  'toRecipients',
  'ccRecipients',
  'replyTo',
  'receivedDateTime',
  'sentDateTime',
  'isRead',
  'isDraft',
  'hasAttachments',
  'importance',
  'flag',
  'parentFolderId',
] as const;

/** `$select` of a full message view: the indexed fields plus body and RFC 5322 headers. */
export const FULL_SELECT = [
  ...SYNC_SELECT,
  'body',
  'bccRecipients',
  'internetMessageHeaders',
  'lastModifiedDateTime',
] as const;

/** Where a messages delta starts: a fresh round for a folder, or a saved nextLink/deltaLink. */
export type MessageDeltaRequest =
  | { link: string; pageSize?: number }
  | { folderId: string; select?: readonly string[]; receivedSince?: Date; pageSize?: number };

/** A page of a folder's messages list, newest first; `receivedBefore`/`receivedSince` bound it. */
export type MessageListRequest =
  | { link: string; pageSize?: number }
  | { folderId: string; select?: readonly string[]; receivedSince?: Date; receivedBefore?: Date; pageSize?: number };

/**
 * The typed Graph mail surface every mail component uses (sync, webhooks, inbox write-through, sender), with the
 * calendar methods (`graphCalendar.ts`) on the same object.
 */
export type GraphMailAdapter = GraphCalendarAdapter & {
  listFolders(ref: MailboxRef): Promise<GraphFolder[]>;
  /** A folder by id or well-known name (`inbox`, `sentitems`, `archive`, `drafts`, `deleteditems`, ...). */
  getFolder(ref: MailboxRef, idOrWellKnownName: string): Promise<GraphFolder>;
  folderDelta(ref: MailboxRef, link?: string): Promise<DeltaPage<GraphFolder>>;
  messageDelta(ref: MailboxRef, request: MessageDeltaRequest): Promise<DeltaPage<GraphMessage>>;
  listMessages(ref: MailboxRef, request: MessageListRequest): Promise<ListPage<GraphMessage>>;
  getMessage(ref: MailboxRef, messageId: string, select?: readonly string[]): Promise<GraphMessage>;
  createDraft(ref: MailboxRef, draft: DraftInput): Promise<GraphMessage>;
  /**
   * A draft from a whole RFC 5322 message (Graph's MIME format: base64 text posted as `text/plain`): the way to send
   * headers Graph refuses in `internetMessageHeaders` (any name not starting with `x-`, such as `List-Unsubscribe`).
   */
  createDraftMime(ref: MailboxRef, mime: Buffer): Promise<GraphMessage>;
  /** A reply draft in the original's thread (`createReply`, or `createReplyAll` with `all`); `message` sets its fields. */
  createReplyDraft(
    ref: MailboxRef,
    messageId: string,
    comment?: string,
    options?: { message?: DraftInput; all?: boolean },
  ): Promise<GraphMessage>;
  /** Messages anywhere in the mailbox (drafts and sent items included) carrying an `x-` header with this value. */
  findByHeader(ref: MailboxRef, headerName: string, value: string, select?: readonly string[]): Promise<GraphMessage[]>;
  listAttachments(ref: MailboxRef, messageId: string): Promise<GraphAttachmentInfo[]>;
  updateDraft(ref: MailboxRef, messageId: string, draft: DraftInput): Promise<GraphMessage>;
  sendDraft(ref: MailboxRef, messageId: string): Promise<void>;
  moveMessage(ref: MailboxRef, messageId: string, destinationFolderId: string): Promise<GraphMessage>;
  patchMessage(ref: MailboxRef, messageId: string, patch: MessagePatch): Promise<GraphMessage>;
  createSubscription(ref: MailboxRef, input: SubscriptionInput): Promise<GraphSubscription>;
  renewSubscription(ref: MailboxRef, subscriptionId: string, expirationDateTime: Date): Promise<GraphSubscription>;
  deleteSubscription(ref: MailboxRef, subscriptionId: string): Promise<void>;
};

type RawPage<T> = {
  value?: (T | { id: string; '@removed': unknown })[];
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
};

const DEFAULT_PAGE = 100;
/** MAPI property set GUID of internet message headers (PS_INTERNET_HEADERS). */
const INTERNET_HEADERS_SET = '{00020386-0000-0000-C000-000000000046}';
const user = (ref: MailboxRef) => `/users/${encodeURIComponent(ref.address)}`;
const pagePrefer = (size: number | undefined) => [`odata.maxpagesize=${size ?? DEFAULT_PAGE}`];

function splitPage<T extends { id: string }>(raw: RawPage<T>): DeltaPage<T> {
  const items: T[] = [];
  const removed: string[] = [];
  for (const entry of raw.value ?? []) {
    if ('@removed' in entry) removed.push(entry.id);
    else items.push(entry as T);
  }
  return { items, removed, nextLink: raw['@odata.nextLink'] ?? null, deltaLink: raw['@odata.deltaLink'] ?? null };
}

function receivedFilter(since?: Date, before?: Date): string | null {
  const parts: string[] = [];
  if (since) parts.push(`receivedDateTime ge ${since.toISOString()}`);
  if (before) parts.push(`receivedDateTime lt ${before.toISOString()}`);
  return parts.length > 0 ? parts.join(' and ') : null;
}

function query(params: Record<string, string | null>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== null);
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}

/** Builds the adapter over a transport (or transport options: base URL, MailboxAccess, limits). */
export function createGraphMailAdapter(transportOrOptions: GraphTransport | TransportOptions): GraphMailAdapter {
  const t = 'send' in transportOrOptions ? transportOrOptions : createGraphTransport(transportOrOptions);
  return {
    ...createGraphCalendar(t),
    async listFolders(ref) {
      const folders: GraphFolder[] = [];
      let next: string | null = `${user(ref)}/mailFolders?$top=100`;
      while (next) {
        const page: RawPage<GraphFolder> = await t.send(ref, { method: 'GET', path: next });
        folders.push(...splitPage(page).items);
        next = page['@odata.nextLink'] ?? null;
      }
      return folders;
    },
    getFolder: (ref, id) => t.send(ref, { method: 'GET', path: `${user(ref)}/mailFolders/${encodeURIComponent(id)}` }),
    async folderDelta(ref, link) {
      return splitPage(
        await t.send<RawPage<GraphFolder>>(ref, { method: 'GET', path: link ?? `${user(ref)}/mailFolders/delta` }),
      );
    },
    async messageDelta(ref, request) {
      const path =
        'link' in request
          ? request.link
          : `${user(ref)}/mailFolders/${encodeURIComponent(request.folderId)}/messages/delta${query({ $select: (request.select ?? SYNC_SELECT).join(','), $filter: receivedFilter(request.receivedSince) })}`;
      return splitPage(
        await t.send<RawPage<GraphMessage>>(ref, { method: 'GET', path, prefer: pagePrefer(request.pageSize) }),
      );
    },
    async listMessages(ref, request) {
      const path =
        'link' in request
          ? request.link
          : `${user(ref)}/mailFolders/${encodeURIComponent(request.folderId)}/messages${query({
              $select: (request.select ?? SYNC_SELECT).join(','),
              $filter: receivedFilter(request.receivedSince, request.receivedBefore),
              $orderby: 'receivedDateTime desc',
              $top: String(request.pageSize ?? DEFAULT_PAGE),
            })}`;
      const page = splitPage(await t.send<RawPage<GraphMessage>>(ref, { method: 'GET', path }));
      return { items: page.items, nextLink: page.nextLink };
    },
    getMessage: (ref, id, select = FULL_SELECT) =>
      t.send(ref, {
        method: 'GET',
        path: `${user(ref)}/messages/${encodeURIComponent(id)}${query({ $select: select.join(',') })}`,
      }),
    createDraft: (ref, draft) => t.send(ref, { method: 'POST', path: `${user(ref)}/messages`, body: draft }),
    createDraftMime: (ref, mime) =>
      t.send(ref, {
        method: 'POST',
        path: `${user(ref)}/messages`,
        body: mime.toString('base64'),
        contentType: 'text/plain',
      }),
    createReplyDraft: (ref, id, comment, options = {}) =>
      t.send(ref, {
        method: 'POST',
        path: `${user(ref)}/messages/${encodeURIComponent(id)}/${options.all ? 'createReplyAll' : 'createReply'}`,
        body: { ...(comment ? { comment } : {}), ...(options.message ? { message: options.message } : {}) },
      }),
    async findByHeader(
      ref,
      headerName,
      value,
      select = ['isDraft', 'parentFolderId', 'internetMessageId', 'conversationId', 'subject', 'sentDateTime'],
    ) {
      // x- headers are named properties of the PS_INTERNET_HEADERS set; Graph filters on them as extended properties.
      const odata = (text: string) => text.replace(/'/g, "''");
      const filter = `singleValueExtendedProperties/Any(ep: ep/id eq 'String ${INTERNET_HEADERS_SET} Name ${odata(headerName)}' and ep/value eq '${odata(value)}')`;
      const page = await t.send<RawPage<GraphMessage>>(ref, {
        method: 'GET',
        path: `${user(ref)}/messages${query({ $filter: filter, $select: select.join(','), $top: '10' })}`,
      });
      return splitPage(page).items;
    },
    async listAttachments(ref, id) {
      const page = await t.send<{ value?: GraphAttachmentInfo[] }>(ref, {
        method: 'GET',
        path: `${user(ref)}/messages/${encodeURIComponent(id)}/attachments${query({ $select: 'id,name,contentType,size' })}`,
      });
      return (page.value ?? []).map(({ id: attachmentId, name, contentType, size }) => ({
        id: attachmentId,
        name,
        contentType,
        size,
      }));
    },
    updateDraft: (ref, id, draft) =>
      t.send(ref, { method: 'PATCH', path: `${user(ref)}/messages/${encodeURIComponent(id)}`, body: draft }),
    async sendDraft(ref, id) {
      await t.send(ref, { method: 'POST', path: `${user(ref)}/messages/${encodeURIComponent(id)}/send` });
    },
    moveMessage: (ref, id, destinationId) =>
      t.send(ref, {
        method: 'POST',
        path: `${user(ref)}/messages/${encodeURIComponent(id)}/move`,
        body: { destinationId },
      }),
    patchMessage: (ref, id, patch) =>
      t.send(ref, { method: 'PATCH', path: `${user(ref)}/messages/${encodeURIComponent(id)}`, body: patch }),
    createSubscription: (ref, input) =>
      t.send(ref, {
        method: 'POST',
        path: '/subscriptions',
        body: {
          changeType: input.changeType,
          resource: input.resource ?? `users/${ref.address}/messages`,
          notificationUrl: input.notificationUrl,
          ...(input.lifecycleNotificationUrl ? { lifecycleNotificationUrl: input.lifecycleNotificationUrl } : {}),
          clientState: input.clientState,
          expirationDateTime: input.expirationDateTime.toISOString(),
        },
      }),
    renewSubscription: (ref, id, at) =>
      t.send(ref, {
        method: 'PATCH',
        path: `/subscriptions/${encodeURIComponent(id)}`,
        body: { expirationDateTime: at.toISOString() },
      }),
    async deleteSubscription(ref, id) {
      await t.send(ref, { method: 'DELETE', path: `/subscriptions/${encodeURIComponent(id)}` });
    },
  };
}
