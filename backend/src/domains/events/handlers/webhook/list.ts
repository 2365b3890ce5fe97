import type { Handler } from '#http/types';
import { decodeCursor, pageOf } from '#domains/shared/pagination';
import { presentWebhook, WEBHOOK_PUBLIC_COLUMNS, type WebhookRow } from '#domains/events/presenters';

/** Lists the tenant's webhooks in creation order (keyset on the UUIDv7 id), never with their secrets. */
export const webhookList: Handler<'webhook.list'> = async (input, ctx) => {
  const query = ctx
    .trx('webhooks')
    .select(...WEBHOOK_PUBLIC_COLUMNS)
    .where({ tenantId: ctx.principal.tenantId })
    .orderBy('id', 'asc')
    .limit(input.limit + 1);
  if (input.cursor !== undefined) {
    const [afterId] = decodeCursor(input.cursor, ['uuid']);
    query.andWhere('id', '>', afterId);
  }
  const rows = (await query) as WebhookRow[];
  return pageOf(rows, input.limit, (r) => [r.id], presentWebhook);
};
