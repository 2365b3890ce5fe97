import type Router from '@koa/router';
import type { Context } from 'koa';
import { BadRequest, type EmulatorState, mailboxOf, preferOf } from './gate';
import { buildMessage, header, putMessage, replyDraft, sendFrom } from './mail';
import { messageFromMime } from './mime';
import { parseSelect, presentMessage } from './present';
import type { FollowupFlag, MessageHeader, MessageInput } from './types';

const BASE = '/v1.0/users/:user';
/** MAPI property set of internet headers: `String {...} Name x-foo` is the x-foo header of a message. */
const INTERNET_HEADERS_SET = '{00020386-0000-0000-C000-000000000046}';
const FLAG_STATES: FollowupFlag['flagStatus'][] = ['notFlagged', 'flagged', 'complete'];

/** Message routes: get, patch (isRead, flag, draft fields), delete, drafts, move, reply, createReply, send, sendMail. */
export function mountMessageRoutes(router: Router, state: EmulatorState): void {
  const { store } = state;
  const present = (ctx: Context, message: Parameters<typeof presentMessage>[0]) => {
    const prefer = preferOf(ctx);
    if (prefer.immutableIds) ctx.set('Preference-Applied', 'IdType="ImmutableId"');
    return presentMessage(message, { immutableIds: prefer.immutableIds, select: parseSelect(ctx.query.$select) });
  };

  router.post(`${BASE}/sendMail`, async (ctx) => {
    const mailbox = mailboxOf(ctx);
    if (ctx.is('text/plain')) {
      // MIME format: the whole message, sent as it is (saved to Sent Items).
      const input = await messageFromMime(ctx.request.body);
      sendFrom(
        store,
        mailbox,
        buildMessage(store, mailbox, store.requireFolder(mailbox, 'sentitems'), input),
        state.sent,
      );
      accepted(ctx);
      return;
    }
    const body = (ctx.request.body ?? {}) as { message?: MessageInput; saveToSentItems?: boolean };
    if (!body.message) throw new BadRequest('ErrorInvalidRequest', 'message is required.');
    const input = checkInput(body.message);
    const draft = buildMessage(store, mailbox, store.requireFolder(mailbox, 'sentitems'), input);
    sendFrom(store, mailbox, draft, state.sent, body.saveToSentItems !== false);
    accepted(ctx);
  });

  router.post(`${BASE}/messages`, async (ctx) => {
    const mailbox = mailboxOf(ctx);
    // JSON (only x- headers allowed), or MIME format: any headers, as the message carries them.
    const input = ctx.is('text/plain')
      ? await messageFromMime(ctx.request.body)
      : checkInput((ctx.request.body ?? {}) as MessageInput);
    ctx.status = 201;
    ctx.body = present(ctx, putMessage(store, mailbox, 'drafts', { ...input, isDraft: true, isRead: true }));
  });

  // Mailbox-wide list; the one supported $filter finds messages by an extended property (see extendedPropertyFilter).
  router.get(`${BASE}/messages`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const raw = typeof ctx.query.$filter === 'string' ? ctx.query.$filter : null;
    const match = raw === null ? null : extendedPropertyFilter(raw);
    if (raw !== null && match === null)
      throw new BadRequest(
        'ErrorInvalidUrlQueryFilter',
        "Supported: singleValueExtendedProperties/Any(ep: ep/id eq '...' and ep/value eq '...').",
      );
    const top = Math.min(1_000, Number(ctx.query.$top ?? 10) || 10);
    const all = [...mailbox.messages.values()].filter((m) => match === null || header(m, match.header) === match.value);
    ctx.body = { value: all.slice(0, top).map((m) => present(ctx, m)) };
  });

  router.get(`${BASE}/messages/:id/attachments`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const message = store.requireMessage(mailbox, ctx.params.id ?? '');
    ctx.body = {
      value: (message.attachments ?? []).map((a) => ({ '@odata.type': '#microsoft.graph.fileAttachment', ...a })),
    };
  });

  router.get(`${BASE}/messages/:id`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    ctx.body = present(ctx, store.requireMessage(mailbox, ctx.params.id ?? ''));
  });

  router.patch(`${BASE}/messages/:id`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const message = store.requireMessage(mailbox, ctx.params.id ?? '');
    const patch = (ctx.request.body ?? {}) as Record<string, unknown>;
    if ('isRead' in patch) {
      if (typeof patch.isRead !== 'boolean') throw new BadRequest('ErrorInvalidProperty', 'isRead must be a boolean.');
      message.isRead = patch.isRead;
    }
    if ('flag' in patch) {
      const status = (patch.flag as { flagStatus?: unknown } | null)?.flagStatus;
      if (!FLAG_STATES.includes(status as FollowupFlag['flagStatus']))
        throw new BadRequest('ErrorInvalidProperty', 'flag.flagStatus is invalid.');
      message.flag = { flagStatus: status as FollowupFlag['flagStatus'] };
    }
    if (message.isDraft) Object.assign(message, pickDraftFields(checkInput(patch as MessageInput)));
    store.touch(mailbox, message);
    ctx.body = present(ctx, message);
  });

  router.delete(`${BASE}/messages/:id`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    store.delete(mailbox, store.requireMessage(mailbox, ctx.params.id ?? ''));
    ctx.status = 204;
  });

  router.post(`${BASE}/messages/:id/move`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const message = store.requireMessage(mailbox, ctx.params.id ?? '');
    const destinationId = (ctx.request.body as { destinationId?: unknown } | undefined)?.destinationId;
    if (typeof destinationId !== 'string') throw new BadRequest('ErrorInvalidRequest', 'destinationId is required.');
    ctx.status = 201;
    ctx.body = present(ctx, store.move(mailbox, message, store.requireFolder(mailbox, destinationId)));
  });

  for (const action of ['createReply', 'createReplyAll'] as const) {
    router.post(`${BASE}/messages/:id/${action}`, (ctx) => {
      const mailbox = mailboxOf(ctx);
      const original = store.requireMessage(mailbox, ctx.params.id ?? '');
      const body = (ctx.request.body ?? {}) as { comment?: unknown; message?: MessageInput };
      const draft = replyDraft(
        mailbox,
        original,
        typeof body.comment === 'string' ? body.comment : '',
        action === 'createReplyAll',
      );
      // The optional `message` sets writable properties of the draft; its x- headers join the threading headers.
      const message = body.message ? checkInput(body.message) : null;
      const extra = message
        ? { ...pickDraftFields(message), ...(message.attachments ? { attachments: message.attachments } : {}) }
        : {};
      const headers = [...(draft.internetMessageHeaders ?? []), ...(message?.internetMessageHeaders ?? [])];
      ctx.status = 201;
      ctx.body = present(
        ctx,
        putMessage(store, mailbox, 'drafts', {
          ...draft,
          ...extra,
          internetMessageHeaders: headers,
          isDraft: true,
          isRead: true,
        }),
      );
    });
  }

  router.post(`${BASE}/messages/:id/reply`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const original = store.requireMessage(mailbox, ctx.params.id ?? '');
    const body = (ctx.request.body ?? {}) as { comment?: unknown; message?: MessageInput };
    const draft = replyDraft(mailbox, original, typeof body.comment === 'string' ? body.comment : '');
    const extra = body.message ? pickDraftFields(checkInput(body.message)) : {};
    const message = buildMessage(store, mailbox, store.requireFolder(mailbox, 'sentitems'), {
      ...draft,
      ...extra,
      internetMessageHeaders: draft.internetMessageHeaders,
    });
    sendFrom(store, mailbox, message, state.sent);
    accepted(ctx);
  });

  router.post(`${BASE}/messages/:id/send`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const message = store.requireMessage(mailbox, ctx.params.id ?? '');
    if (!message.isDraft) throw new BadRequest('ErrorInvalidOperation', 'Only draft messages can be sent.');
    sendFrom(store, mailbox, message, state.sent);
    accepted(ctx);
  });
}

function checkInput(input: MessageInput): MessageInput {
  const headers = input.internetMessageHeaders ?? [];
  // Graph only accepts custom x- headers in JSON; any other header (List-Unsubscribe, threading headers) needs the
  // MIME format, and threading headers come from reply/createReply.
  const bad = headers.find((h: MessageHeader) => !/^x-/i.test(h.name));
  if (bad)
    throw new BadRequest(
      'InvalidInternetMessageHeader',
      `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`,
    );
  for (const list of [input.toRecipients, input.ccRecipients, input.bccRecipients]) {
    if (list && (!Array.isArray(list) || list.some((r) => typeof r?.emailAddress?.address !== 'string'))) {
      throw new BadRequest('ErrorInvalidRecipients', 'Recipients need emailAddress.address.');
    }
  }
  return input;
}

/**
 * Parses `singleValueExtendedProperties/Any(ep: ep/id eq 'String {00020386-...} Name x-foo' and ep/value eq 'v')`,
 * the Graph way to find messages by a custom internet header (x- headers live in that property set).
 */
export function extendedPropertyFilter(raw: string): { header: string; value: string } | null {
  const match =
    /^\s*singleValueExtendedProperties\/Any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+\1\/value\s+eq\s+'((?:[^']|'')*)'\s*\)\s*$/i.exec(
      raw,
    );
  if (!match) return null;
  const id = match[2]!.replace(/''/g, "'");
  const named = /^String\s+(\{[0-9a-f-]+\})\s+Name\s+(\S+)$/i.exec(id);
  if (!named || named[1]!.toUpperCase() !== INTERNET_HEADERS_SET.toUpperCase()) return null;
  return { header: named[2]!, value: match[3]!.replace(/''/g, "'") };
}

function pickDraftFields(input: MessageInput): Partial<MessageInput> {
  const out: Partial<MessageInput> = {};
  if (input.subject !== undefined) out.subject = input.subject;
  if (input.body !== undefined)
    out.body = { contentType: input.body.contentType ?? 'text', content: input.body.content ?? '' };
  if (input.toRecipients !== undefined) out.toRecipients = input.toRecipients;
  if (input.ccRecipients !== undefined) out.ccRecipients = input.ccRecipients;
  if (input.bccRecipients !== undefined) out.bccRecipients = input.bccRecipients;
  return out;
}

function accepted(ctx: Context): void {
  // Graph answers 202 with an empty body (no id); an empty string keeps Koa from writing "Accepted".
  ctx.status = 202;
  ctx.body = '';
}
