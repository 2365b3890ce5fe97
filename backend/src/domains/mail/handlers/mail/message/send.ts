import { uuidv7 } from '#db/ids';
import type { Handler } from '#http/types';
import { referenceInvalid } from '#domains/shared/referenceChecks';
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

/** Sends a new message now or at `sendAt`, through the outbox (acknowledged before Graph is called). */
export const mailMessageSend: Handler<'mail.message.send'> = async (input, ctx) => {
  const { tenantId } = ctx.principal;
  const mailbox = await senderMailbox(ctx, input.mailboxId);
  const all = [...input.to, ...input.cc, ...input.bcc];
  await assertNotSuppressed(ctx.trx, tenantId, all);
  if (
    input.opportunityId !== undefined &&
    !(await ctx.trx('opportunities').where({ tenantId, id: input.opportunityId }).first('id'))
  ) {
    throw referenceInvalid('opportunityId', 'no such opportunity');
  }
  const contacts = await contactsByAddress(ctx.trx, tenantId, all);
  const first = contacts.find((c) => c.email === input.to[0]) ?? contacts[0] ?? null;
  const content = await pickContent(ctx, input.templateId, input.subject, input.body);
  const values = await mergeValues(
    ctx.trx,
    {
      tenantId,
      contactId: first?.id ?? null,
      opportunityId: input.opportunityId ?? null,
      senderUserId: mailbox.userId,
      today: ctx.now,
      contact: first ?? undefined,
    },
    [content.subject, content.body.content],
  );
  const { subject, bodyHtml } = render(content, values, input.mergeData);
  const mail: OutboundMail = {
    tenantId,
    mailboxId: mailbox.id,
    sendKey: `manual:${uuidv7()}`,
    to: input.to.map((address) => ({ address })),
    cc: input.cc.map((address) => ({ address })),
    bcc: input.bcc.map((address) => ({ address })),
    subject,
    bodyHtml,
    attachments: input.attachments as Attachment[],
    sendAt: input.sendAt ? new Date(input.sendAt) : null,
    origin: 'manual',
    contactIds: contacts.map((c) => c.id),
    opportunityId: input.opportunityId ?? null,
    createdBy: ctx.principal.userId,
  };
  return acknowledge(
    ctx,
    mail,
    { readReceipt: input.readReceipt, fromAlias: input.fromAlias ?? null, tracking: input.tracking },
    null,
  );
};
