import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** An account (a company). */
export class Account extends BaseModel {
  static override tableName = 'accounts';
  static override jsonAttributes = ['customFields'];

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare domain: string | null;
  declare clientId: string | null;
  declare ownerId: string | null;
  declare industry: string | null;
  declare website: string | null;
  declare phone: string | null;
  declare tags: string[];
  declare customFields: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
