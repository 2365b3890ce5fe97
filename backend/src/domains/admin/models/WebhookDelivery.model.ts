import { BaseModel } from '../../../db/BaseModel';

/** One event delivery to one webhook, with its retry state. */
export class WebhookDelivery extends BaseModel {
  static override tableName = 'webhook_deliveries';

  declare tenantId: string;
  declare id: string;
  declare webhookId: string;
  declare eventSeq: number;
  declare status: 'pending' | 'delivered' | 'failed';
  declare attempts: number;
  declare nextAttemptAt: Date | null;
  declare lastStatus: number | null;
  declare lastError: string | null;
  declare deliveredAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}
