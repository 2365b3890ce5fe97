import { BaseModel } from '../../../db/BaseModel';

/** A user of a tenant. */
export class User extends BaseModel {
  static override tableName = 'users';

  declare tenantId: string;
  declare id: string;
  declare email: string;
  declare displayName: string;
  declare entraObjectId: string | null;
  declare timeZone: string;
  declare active: boolean;
  declare locale: string | null;
  declare invitedAt: Date | null;
  declare lastSignInAt: Date | null;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
