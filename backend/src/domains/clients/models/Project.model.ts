import { BaseModel } from '../../../db/BaseModel';

/** A project of a client. */
export class Project extends BaseModel {
  static override tableName = 'projects';

  declare tenantId: string;
  declare id: string;
  declare clientId: string;
  declare name: string;
  declare status: string;
  declare code: string | null;
  declare startDate: string | null;
  declare endDate: string | null;
  declare archivedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
