import { FULL_SELECT, type GraphMessage } from '#integrations/graph/adapter/index';
import type { Handler } from '#http/types';
import { open, seal } from '#security/sealing';
import { isoRequired } from '#domains/shared/present';
import { withoutTrackingPixel } from '#domains/mail/trackingLink';
import { presentMessage } from '#domains/mail/messages';
import { type Cached, graph, loadMessage, trackingOf } from '#domains/mail/messageOps';

/** Gets a message with its body: from the sealed cache while fresh, else from Graph (then cached for the TTL). */
export const mailMessageGet: Handler<'mail.message.get'> = async (input, ctx) => {
  const { row, ref } = await loadMessage(ctx, input.id, false);
  const { tenantId } = ctx.principal;
  const hit = (await ctx
    .trx('mailBodyCache')
    .where({ tenantId, messageId: row.id })
    .where('expiresAt', '>', ctx.now)
    .first('bodySealed', 'expiresAt')) as { bodySealed: Buffer; expiresAt: Date } | undefined;
  const tracking = await trackingOf(ctx, row);
  if (hit) {
    const cached = JSON.parse((await open(ctx.trx, tenantId, hit.bodySealed)).toString('utf8')) as Cached;
    return { ...presentMessage(row), ...cached, cachedUntil: isoRequired(hit.expiresAt), tracking };
  }
  const fetched = await graph(async (adapter) => {
    const message: GraphMessage = await adapter.getMessage(ref, row.externalId, FULL_SELECT);
    const attachments = message.hasAttachments ? await adapter.listAttachments(ref, row.externalId) : [];
    return { message, attachments };
  });
  const cached: Cached = {
    // Our open pixel is taken out of what Pivotal shows: the sender reading their sent copy is not an open.
    body:
      fetched.message.body?.contentType === 'html'
        ? {
            contentType: 'html',
            content: withoutTrackingPixel(fetched.message.body.content ?? '', ctx.services.config.publicUrl),
          }
        : { contentType: 'text', content: fetched.message.body?.content ?? '' },
    bcc: (fetched.message.bccRecipients ?? []).map((r) => r.emailAddress.address?.toLowerCase() ?? '').filter(Boolean),
    attachments: fetched.attachments,
  };
  const expiresAt = new Date(ctx.now.getTime() + ctx.services.config.mailBodyCacheTtlSeconds * 1_000);
  // The request transaction of a query is read-only: the cache is written beside it.
  await ctx.sideTransaction?.(async (side) => {
    const bodySealed = await seal(side, tenantId, JSON.stringify(cached));
    await side('mailBodyCache')
      .insert({
        tenantId,
        messageId: row.id,
        mailboxId: row.mailboxId,
        userId: row.userId,
        bodySealed,
        fetchedAt: ctx.now,
        expiresAt,
      })
      .onConflict(['tenantId', 'messageId'])
      .merge(['bodySealed', 'fetchedAt', 'expiresAt', 'updatedAt']);
  });
  return { ...presentMessage(row), ...cached, cachedUntil: expiresAt.toISOString(), tracking };
};
