import type { SendResult } from '@pivotal-pm/sdk';
import type { OpContext } from '#http/types';
import { unsubscribeSecret } from '../linkSecret';
import { addTracking } from '../trackingLink';
import { enqueueOutboundMail, type OutboundMail, type OutboundOptions } from '../outbox';

export type Attachment = { name: string; contentType: string; contentBase64: string };

/** Acknowledges from the outbox: `scheduled` when `sendAt` is ahead, `queued` otherwise (the worker sends it). */
export async function acknowledge(
  ctx: OpContext,
  mail: OutboundMail,
  options: OutboundOptions,
  threadKey: string | null,
): Promise<SendResult> {
  const sendAt = mail.sendAt && mail.sendAt.getTime() > ctx.now.getTime() ? mail.sendAt : null;
  const track = options.tracking;
  // Tracking asked for: links through the signed click redirect and/or the open pixel, keyed by the send key.
  const bodyHtml =
    track && (track.opens || track.clicks)
      ? addTracking(
          mail.bodyHtml,
          ctx.services.config.publicUrl,
          await unsubscribeSecret(ctx.trx, mail.tenantId),
          mail.tenantId,
          mail.sendKey,
          track,
        )
      : mail.bodyHtml;
  const queued = await enqueueOutboundMail(ctx.trx, { ...mail, bodyHtml, sendAt }, options);
  await ctx.audit({
    targetType: 'mail_outbox',
    targetId: queued.id,
    before: null,
    after: {
      mailboxId: mail.mailboxId,
      to: mail.to.map((r) => r.address),
      subject: mail.subject,
      sendAt: sendAt?.toISOString() ?? null,
      replyTo: mail.replyToMessageId ?? null,
    },
  });
  return {
    status: sendAt ? 'scheduled' : 'queued',
    messageId: null,
    scheduledSendId: queued.id,
    sendAt: sendAt?.toISOString() ?? null,
    threadKey,
  };
}
