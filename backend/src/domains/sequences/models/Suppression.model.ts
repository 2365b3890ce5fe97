import { BaseModel } from '../../../db/BaseModel';

/** An address that no sequence may email. */
export class Suppression extends BaseModel {
  static override tableName = 'suppressions';

  declare tenantId: string;
  declare id: string;
  declare email: string;
  declare reason: string;
  declare createdAt: Date;
}
