import type { Handler } from '#http/types';
import { loadForUpdate } from '#domains/shared/records';
import { presentWebhook, type WebhookRow } from '#domains/events/presenters';

/** Deletes a webhook; its deliveries (pending ones included) go with it (ON DELETE CASCADE). */
export const webhookDelete: Handler<'webhook.delete'> = async (input, ctx) => {
  const tenantId = ctx.principal.tenantId;
  const row = await loadForUpdate<WebhookRow>(ctx.trx, 'webhooks', tenantId, input.id, 'Webhook');
  await ctx.trx('webhooks').where({ tenantId, id: input.id }).delete();
  await ctx.audit({ targetType: 'webhook', targetId: input.id, before: presentWebhook(row) });
  return { id: input.id, deleted: true as const };
};
