import type Router from '@koa/router';
import type { Context } from 'koa';
import { BadRequest, type EmulatorState, mailboxOf, preferOf } from './gate';
import { buildMessage, putMessage, replyDraft, sendFrom } from './mail';
import { parseSelect, presentMessage } from './present';
import type { FollowupFlag, MessageHeader, MessageInput } from './types';

const BASE = '/v1.0/users/:user';
const FLAG_STATES: FollowupFlag['flagStatus'][] = ['notFlagged', 'flagged', 'complete'];

/** Message routes: get, patch (isRead, flag, draft fields), delete, drafts, move, reply, createReply, send, sendMail. */
export function mountMessageRoutes(router: Router, state: EmulatorState): void {
  const { store } = state;
  const present = (ctx: Context, message: Parameters<typeof presentMessage>[0]) => {
    const prefer = preferOf(ctx);
    if (prefer.immutableIds) ctx.set('Preference-Applied', 'IdType="ImmutableId"');
    return presentMessage(message, { immutableIds: prefer.immutableIds, select: parseSelect(ctx.query.$select) });
  };

  router.post(`${BASE}/sendMail`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const body = (ctx.request.body ?? {}) as { message?: MessageInput; saveToSentItems?: boolean };
    if (!body.message) throw new BadRequest('ErrorInvalidRequest', 'message is required.');
    const input = checkInput(body.message);
    const draft = buildMessage(store, mailbox, store.requireFolder(mailbox, 'sentitems'), input);
    sendFrom(store, mailbox, draft, state.sent, body.saveToSentItems !== false);
    accepted(ctx);
  });

  router.post(`${BASE}/messages`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const input = checkInput((ctx.request.body ?? {}) as MessageInput);
    ctx.status = 201;
    ctx.body = present(ctx, putMessage(store, mailbox, 'drafts', { ...input, isDraft: true, isRead: true }));
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
      if (!FLAG_STATES.includes(status as FollowupFlag['flagStatus'])) throw new BadRequest('ErrorInvalidProperty', 'flag.flagStatus is invalid.');
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

  router.post(`${BASE}/messages/:id/createReply`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const original = store.requireMessage(mailbox, ctx.params.id ?? '');
    const comment = (ctx.request.body as { comment?: unknown } | undefined)?.comment;
    ctx.status = 201;
    ctx.body = present(ctx, putMessage(store, mailbox, 'drafts', { ...replyDraft(mailbox, original, typeof comment === 'string' ? comment : ''), isDraft: true, isRead: true }));
  });

  router.post(`${BASE}/messages/:id/reply`, (ctx) => {
    const mailbox = mailboxOf(ctx);
    const original = store.requireMessage(mailbox, ctx.params.id ?? '');
    const body = (ctx.request.body ?? {}) as { comment?: unknown; message?: MessageInput };
    const draft = replyDraft(mailbox, original, typeof body.comment === 'string' ? body.comment : '');
    const extra = body.message ? pickDraftFields(checkInput(body.message)) : {};
    const message = buildMessage(store, mailbox, store.requireFolder(mailbox, 'sentitems'), { ...draft, ...extra, internetMessageHeaders: draft.internetMessageHeaders });
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
  // Graph only accepts custom x- headers on outgoing mail; threading headers come from reply/createReply.
  const bad = headers.find((h: MessageHeader) => !/^x-/i.test(h.name));
  if (bad) throw new BadRequest('InvalidInternetMessageHeader', `The internet message header name '${bad.name}' should start with 'x-' or 'X-'.`);
  for (const list of [input.toRecipients, input.ccRecipients, input.bccRecipients]) {
    if (list && (!Array.isArray(list) || list.some((r) => typeof r?.emailAddress?.address !== 'string'))) {
      throw new BadRequest('ErrorInvalidRecipients', 'Recipients need emailAddress.address.');
    }
  }
  return input;
}

function pickDraftFields(input: MessageInput): Partial<MessageInput> {
  const out: Partial<MessageInput> = {};
  if (input.subject !== undefined) out.subject = input.subject;
  if (input.body !== undefined) out.body = { contentType: input.body.contentType ?? 'text', content: input.body.content ?? '' };
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
