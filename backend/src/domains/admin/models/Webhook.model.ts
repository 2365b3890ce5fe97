import { BaseModel } from '../../../db/BaseModel';

/** A webhook subscription (secret sealed with the tenant data key). */
export class Webhook extends BaseModel {
  static override tableName = 'webhooks';

  declare tenantId: string;
  declare id: string;
  declare url: string;
  declare events: string[];
  declare secret: string;
  declare active: boolean;
  declare description: string | null;
  declare createdBy: string | null;
  declare failureCount: number;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
