import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A tenant (an agency): the root of every tenant-owned row. */
export class Tenant extends BaseModel {
  static override tableName = 'tenants';
  static override idColumn: string | string[] = 'id';
  static override jsonAttributes = ['settings'];

  declare id: string;
  declare slug: string;
  declare name: string;
  declare entraTenantId: string | null;
  declare timeZone: string;
  declare settings: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
