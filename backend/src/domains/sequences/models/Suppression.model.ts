import { BaseModel } from '../../../db/BaseModel';

/** An address that no sequence may email. */
export class Suppression extends BaseModel {
  static override tableName = 'suppressions';

  declare tenantId: string;
  declare id: string;
  declare kind: 'email' | 'domain' | 'phone';
  declare value: string;
  declare contactId: string | null;
  declare createdBy: string | null;
  declare reason: string;
  declare createdAt: Date;
  declare updatedAt: Date;
}
