import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** An opportunity in a pipeline (amount is a numeric(18,2) decimal string). */
export class Opportunity extends BaseModel {
  static override tableName = 'opportunities';
  static override jsonAttributes = ['customFields'];

  declare tenantId: string;
  declare id: string;
  declare pipelineId: string;
  declare clientId: string | null;
  declare projectId: string | null;
  declare name: string;
  declare accountId: string;
  declare primaryContactId: string | null;
  declare ownerId: string;
  declare stage: string;
  declare amount: string;
  declare currency: string;
  declare probability: number;
  declare closeDate: string | null;
  declare source: 'campaign' | 'inbound' | 'outbound' | 'referral' | null;
  declare score: number;
  declare tags: string[];
  declare customFields: JsonObject;
  declare status: 'open' | 'won' | 'lost' | 'onHold';
  declare reason: string | null;
  declare stageEnteredAt: Date;
  declare lastActivityAt: Date | null;
  declare closedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
