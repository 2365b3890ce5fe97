import { BaseModel } from '../../../db/BaseModel';

/** A client of the agency. */
export class Client extends BaseModel {
  static override tableName = 'clients';

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare status: 'active' | 'archived';
  declare code: string | null;
  declare domain: string | null;
  declare ownerId: string | null;
  declare archivedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
