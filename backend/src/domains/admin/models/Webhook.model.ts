import { BaseModel } from '../../../db/BaseModel';

/** A webhook subscription (secret sealed with the tenant data key). */
export class Webhook extends BaseModel {
  static override tableName = 'webhooks';

  declare tenantId: string;
  declare id: string;
  declare url: string;
  declare events: string[];
  declare secretSealed: Buffer;
  declare active: boolean;
  declare description: string | null;
  declare createdBy: string | null;
  declare failureCount: number;
  /** Delivery cursor (ADR 0003): the (tx_id, seq) of the last outbox event the dispatcher moved past. */
  declare lastEventTx: string;
  declare lastEventSeq: number;
  declare lastDeliveryAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
