import type { SendResult } from '@pivotal-pm/sdk';
import { uuidv7 } from '../../../db/ids';
import { notFound } from '../../../http/errors';
import type { Handler, OpContext } from '../../../http/types';
import { referenceInvalid } from '../../shared/referenceChecks';
import { addTracking } from '../../sequences/trackingLink';
import { unsubscribeSecret } from '../../sequences/unsubscribeLink';
import { enqueueOutboundMail, type OutboundMail, type OutboundOptions } from '../outbox';
import { assertNotSuppressed, contactsByAddress, mergeValues, pickContent, render, senderMailbox } from '../send/compose';

type Attachment = { name: string; contentType: string; contentBase64: string };

/** Acknowledges from the outbox: `scheduled` when `sendAt` is ahead, `queued` otherwise (the worker sends it). */
async function acknowledge(ctx: OpContext, mail: OutboundMail, options: OutboundOptions, threadKey: string | null): Promise<SendResult> {
  const sendAt = mail.sendAt && mail.sendAt.getTime() > ctx.now.getTime() ? mail.sendAt : null;
  const track = options.tracking;
  // Tracking asked for: links through the signed click redirect and/or the open pixel, keyed by the send key.
  const bodyHtml = track && (track.opens || track.clicks)
    ? addTracking(mail.bodyHtml, ctx.services.config.publicUrl, await unsubscribeSecret(ctx.trx, mail.tenantId), mail.tenantId, mail.sendKey, track)
    : mail.bodyHtml;
  const queued = await enqueueOutboundMail(ctx.trx, { ...mail, bodyHtml, sendAt }, options);
  await ctx.audit({ targetType: 'mail_outbox', targetId: queued.id, before: null, after: { mailboxId: mail.mailboxId, to: mail.to.map((r) => r.address), subject: mail.subject, sendAt: sendAt?.toISOString() ?? null, replyTo: mail.replyToMessageId ?? null } });
  return { status: sendAt ? 'scheduled' : 'queued', messageId: null, scheduledSendId: queued.id, sendAt: sendAt?.toISOString() ?? null, threadKey };
}

/** Sends a new message now or at `sendAt`, through the outbox (acknowledged before Graph is called). */
export const messageSend: Handler<'mail.message.send'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const mailbox = await senderMailbox(ctx, input.mailboxId);
  const all = [...input.to, ...input.cc, ...input.bcc];
  await assertNotSuppressed(ctx.trx, tenantId, all);
  if (input.opportunityId !== undefined && !(await ctx.trx('opportunities').where({ tenantId, id: input.opportunityId }).first('id'))) {
    throw referenceInvalid('opportunityId', 'no such opportunity');
  }
  const contacts = await contactsByAddress(ctx.trx, tenantId, all);
  const first = contacts.find((c) => c.email === input.to[0]) ?? contacts[0] ?? null;
  const content = await pickContent(ctx, input.templateId, input.subject, input.body);
  const values = await mergeValues(ctx.trx, { tenantId, contactId: first?.id ?? null, opportunityId: input.opportunityId ?? null, senderUserId: mailbox.userId, today: ctx.now, contact: first ?? undefined }, [content.subject, content.body.content]);
  const { subject, bodyHtml } = render(content, values, input.mergeData);
  const mail: OutboundMail = {
    tenantId, mailboxId: mailbox.id, sendKey: `manual:${uuidv7()}`,
    to: input.to.map((address) => ({ address })), cc: input.cc.map((address) => ({ address })), bcc: input.bcc.map((address) => ({ address })),
    subject, bodyHtml, attachments: input.attachments as Attachment[], sendAt: input.sendAt ? new Date(input.sendAt) : null,
    origin: 'manual', contactIds: contacts.map((c) => c.id), opportunityId: input.opportunityId ?? null, createdBy: ctx.principal.userId,
  };
  return acknowledge(ctx, mail, { readReceipt: input.readReceipt, fromAlias: input.fromAlias ?? null, tracking: input.tracking }, null);
};

/** Replies (or replies to all) in a message's thread, through the outbox; Graph's createReply keeps the thread. */
export const threadReply: Handler<'mail.thread.reply'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const original = (await ctx.trx('messageIndex').where({ tenantId, id: input.messageId }).first('id', 'mailboxId', 'fromAddress', 'toAddresses', 'ccAddresses', 'subject', 'threadKey', 'contactId', 'opportunityId', 'direction')) as
    | { id: string; mailboxId: string; fromAddress: string | null; toAddresses: string[]; ccAddresses: string[]; subject: string | null; threadKey: string | null; contactId: string | null; opportunityId: string | null; direction: string | null }
    | undefined;
  if (!original || ctx.principal.clientIds !== null) throw notFound('Message');
  const mailbox = await senderMailbox(ctx, original.mailboxId);
  const box = (await ctx.trx('mailboxAccounts').where({ tenantId, id: mailbox.id }).first('address', 'meta')) as { address: string | null; meta: { address?: unknown } };
  const address = (box.address ?? (typeof box.meta?.address === 'string' ? box.meta.address : '')).toLowerCase();
  // Who Graph will address: the sender of an inbound message (and, replying to all, its other recipients).
  const to = original.direction === 'out' || original.fromAddress === address ? original.toAddresses : [original.fromAddress ?? ''];
  const recipients = [...to, ...(input.replyAll ? [...original.toAddresses, ...original.ccAddresses] : []), ...input.cc].filter((a) => a && a !== address);
  await assertNotSuppressed(ctx.trx, tenantId, recipients);
  const contacts = await contactsByAddress(ctx.trx, tenantId, recipients);
  const contactId = original.contactId ?? contacts[0]?.id ?? null;
  const subject = /^re:/i.test(original.subject ?? '') ? (original.subject ?? '') : `RE: ${original.subject ?? ''}`;
  const content = await pickContent(ctx, input.templateId, subject, input.body);
  const values = await mergeValues(ctx.trx, { tenantId, contactId, opportunityId: original.opportunityId, senderUserId: mailbox.userId, today: ctx.now, contact: contacts.find((c) => c.id === contactId) }, [content.body.content]);
  const rendered = render(content, values, input.mergeData);
  const mail: OutboundMail = {
    tenantId, mailboxId: mailbox.id, sendKey: `manual:${uuidv7()}`,
    // Graph's `message` on createReplyAll replaces the Cc it computed, so the outbox carries the whole Cc line.
    to: to.filter(Boolean).map((a) => ({ address: a })), cc: [...new Set([...(input.replyAll ? original.ccAddresses : []), ...input.cc])].filter((a) => a !== address).map((a) => ({ address: a })),
    subject: rendered.subject, bodyHtml: rendered.bodyHtml, attachments: input.attachments as Attachment[],
    sendAt: input.sendAt ? new Date(input.sendAt) : null, replyToMessageId: original.id, origin: 'manual',
    contactIds: [...new Set([...(contactId ? [contactId] : []), ...contacts.map((c) => c.id)])], opportunityId: original.opportunityId, createdBy: ctx.principal.userId,
  };
  return acknowledge(ctx, mail, { replyAll: input.replyAll, tracking: input.tracking }, original.threadKey);
};
