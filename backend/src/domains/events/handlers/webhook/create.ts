import { uuidv7 } from '#db/ids';
import { invalidField } from '#http/errors';
import { checkOutboundUrl } from '#security/outboundUrl';
import { seal } from '#security/sealing';
import type { Handler } from '#http/types';
import { visibleHorizon } from '#domains/events/outbox';
import { newWebhookSecret } from '#domains/events/webhooks/signature';
import { presentWebhook, type WebhookRow } from '#domains/events/presenters';

/**
 * Subscribes a URL to some events. Delivery starts after the tenant's visible horizon at creation (ADR 0003:
 * no back-fill, `event.list` replays history; an event whose transaction was still open is delivered). The
 * secret is returned here only; it is stored sealed. The URL must reach a public address (`security/outboundUrl.ts`).
 */
export const webhookCreate: Handler<'webhook.create'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const refused = await checkOutboundUrl(input.url);
  if (refused) {
    throw invalidField('url', `The webhook URL ${refused}`, 'forbidden_target');
  }
  const start = await visibleHorizon(ctx.trx, tenantId);
  const secret = newWebhookSecret();
  const [row] = (await ctx
    .trx('webhooks')
    .insert({
      tenantId,
      id: uuidv7(),
      url: input.url,
      events: [...new Set(input.events)],
      secretSealed: await seal(ctx.trx, tenantId, secret),
      active: true,
      description: input.description ?? null,
      createdBy: ctx.principal.userId,
      lastEventTx: start.txId,
      lastEventSeq: start.seq,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning('*')) as WebhookRow[];
  const webhook = presentWebhook(row!);
  await ctx.audit({ targetType: 'webhook', targetId: webhook.id, after: webhook });
  return { ...webhook, secret };
};
