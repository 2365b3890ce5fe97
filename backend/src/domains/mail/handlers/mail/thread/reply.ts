import { uuidv7 } from '#db/ids';
import { notFound } from '#http/errors';
import type { Handler } from '#http/types';
import { type OutboundMail } from '#domains/mail/outbox';
import {
  assertNotSuppressed,
  contactsByAddress,
  mergeValues,
  pickContent,
  render,
  senderMailbox,
} from '#domains/mail/send/compose';
import { type Attachment, acknowledge } from '#domains/mail/send/operations';

/** Replies (or replies to all) in a message's thread, through the outbox; Graph's createReply keeps the thread. */
export const mailThreadReply: Handler<'mail.thread.reply'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const original = (await ctx
    .trx('messageIndex')
    .where({ tenantId, id: input.messageId })
    .first(
      'id',
      'mailboxId',
      'fromAddress',
      'toAddresses',
      'ccAddresses',
      'subject',
      'threadKey',
      'contactId',
      'opportunityId',
      'direction',
    )) as
    | {
        id: string;
        mailboxId: string;
        fromAddress: string | null;
        toAddresses: string[];
        ccAddresses: string[];
        subject: string | null;
        threadKey: string | null;
        contactId: string | null;
        opportunityId: string | null;
        direction: string | null;
      }
    | undefined;
  if (!original || ctx.principal.clientIds !== null) throw notFound('Message');
  const mailbox = await senderMailbox(ctx, original.mailboxId);
  const box = (await ctx.trx('mailboxAccounts').where({ tenantId, id: mailbox.id }).first('address', 'meta')) as {
    address: string | null;
    meta: { address?: unknown };
  };
  const address = (box.address ?? (typeof box.meta?.address === 'string' ? box.meta.address : '')).toLowerCase();
  // Who Graph will address: the sender of an inbound message (and, replying to all, its other recipients).
  const to =
    original.direction === 'out' || original.fromAddress === address
      ? original.toAddresses
      : [original.fromAddress ?? ''];
  const recipients = [
    ...to,
    ...(input.replyAll ? [...original.toAddresses, ...original.ccAddresses] : []),
    ...input.cc,
  ].filter((a) => a && a !== address);
  await assertNotSuppressed(ctx.trx, tenantId, recipients);
  const contacts = await contactsByAddress(ctx.trx, tenantId, recipients);
  const contactId = original.contactId ?? contacts[0]?.id ?? null;
  const subject = /^re:/i.test(original.subject ?? '') ? (original.subject ?? '') : `RE: ${original.subject ?? ''}`;
  const content = await pickContent(ctx, input.templateId, subject, input.body);
  const values = await mergeValues(
    ctx.trx,
    {
      tenantId,
      contactId,
      opportunityId: original.opportunityId,
      senderUserId: mailbox.userId,
      today: ctx.now,
      contact: contacts.find((c) => c.id === contactId),
    },
    [content.body.content],
  );
  const rendered = render(content, values, input.mergeData);
  const mail: OutboundMail = {
    tenantId,
    mailboxId: mailbox.id,
    sendKey: `manual:${uuidv7()}`,
    // Graph's `message` on createReplyAll replaces the Cc it computed, so the outbox carries the whole Cc line.
    to: to.filter(Boolean).map((a) => ({ address: a })),
    cc: [...new Set([...(input.replyAll ? original.ccAddresses : []), ...input.cc])]
      .filter((a) => a !== address)
      .map((a) => ({ address: a })),
    subject: rendered.subject,
    bodyHtml: rendered.bodyHtml,
    attachments: input.attachments as Attachment[],
    sendAt: input.sendAt ? new Date(input.sendAt) : null,
    replyToMessageId: original.id,
    origin: 'manual',
    contactIds: [...new Set([...(contactId ? [contactId] : []), ...contacts.map((c) => c.id)])],
    opportunityId: original.opportunityId,
    createdBy: ctx.principal.userId,
  };
  return acknowledge(ctx, mail, { replyAll: input.replyAll, tracking: input.tracking }, original.threadKey);
};
