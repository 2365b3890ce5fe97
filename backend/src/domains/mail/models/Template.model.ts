import { BaseModel } from '../../../db/BaseModel';

/** An email template. */
export class Template extends BaseModel {
  static override tableName = 'templates';

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare key: string | null;
  declare subject: string;
  declare body: string;
  declare bodyType: 'html' | 'text';
  declare mergeTags: string[];
  declare status: 'active' | 'archived';
  declare ownerId: string | null;
  declare clientId: string | null;
  declare archivedAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
