import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** An engagement on the timeline (partitioned by month on occurredAt). */
export class Engagement extends BaseModel {
  static override tableName = 'engagements';
  static override jsonAttributes = ['meta'];

  declare tenantId: string;
  declare id: string;
  declare occurredAt: Date;
  declare opportunityId: string | null;
  declare accountId: string;
  declare contactId: string | null;
  declare clientId: string | null;
  declare actorId: string | null;
  declare type: string;
  declare direction: 'in' | 'out' | null;
  declare subject: string | null;
  declare bodyPreview: string | null;
  declare meta: JsonObject;
  declare isBot: boolean;
  declare channel: string;
  declare createdAt: Date;
  declare updatedAt: Date;
}
