import type { EventName, Webhook } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** A `webhooks` row (camelCase); the sealed secret is only ever opened by the delivery worker. */
export type WebhookRow = {
  tenantId: string;
  id: string;
  url: string;
  events: string[];
  secretSealed: Buffer;
  active: boolean;
  description: string | null;
  createdBy: string | null;
  failureCount: number;
  /** The delivery cursor (ADR 0003): the (tx_id, seq) of the last event enqueued or skipped. */
  lastEventTx: string;
  lastEventSeq: number;
  lastDeliveryAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `WebhookRow` (`webhooks`). */
export const webhookColumns = tableColumns<WebhookRow>()('webhooks', [
  'tenantId',
  'id',
  'url',
  'events',
  'secretSealed',
  'active',
  'description',
  'createdBy',
  'failureCount',
  'lastEventTx',
  'lastEventSeq',
  'lastDeliveryAt',
  'version',
  'createdAt',
  'updatedAt',
]);

/** The columns a listing selects: everything but the secret. */
export const WEBHOOK_PUBLIC_COLUMNS = [
  'tenantId',
  'id',
  'url',
  'events',
  'active',
  'description',
  'failureCount',
  'lastDeliveryAt',
  'createdAt',
  'updatedAt',
] as const;

/** A webhook as the API shows it: never with its secret. */
export function presentWebhook(
  row: Omit<WebhookRow, 'secretSealed' | 'createdBy' | 'lastEventTx' | 'lastEventSeq' | 'version'>,
): Webhook {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    url: row.url,
    events: row.events as EventName[],
    description: row.description,
    active: row.active,
    lastDeliveryAt: iso(row.lastDeliveryAt),
    failureCount: row.failureCount,
  };
}
