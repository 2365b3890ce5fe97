import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A contact (a person at an account). */
export class Contact extends BaseModel {
  static override tableName = 'contacts';
  static override jsonAttributes = ['customFields'];

  declare tenantId: string;
  declare id: string;
  declare accountId: string;
  declare clientId: string | null;
  declare firstName: string | null;
  declare lastName: string | null;
  declare email: string | null;
  declare phone: string | null;
  declare title: string | null;
  declare timeZone: string | null;
  declare locale: string | null;
  declare optedOut: boolean;
  declare optOutAt: Date | null;
  declare mergedIntoId: string | null;
  declare ownerId: string | null;
  declare score: number;
  declare tags: string[];
  declare customFields: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
