import { BaseModel } from '../../../db/BaseModel';

/** An email template. */
export class Template extends BaseModel {
  static override tableName = 'templates';

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare subject: string;
  declare body: string;
  declare status: string;
  declare ownerId: string | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
