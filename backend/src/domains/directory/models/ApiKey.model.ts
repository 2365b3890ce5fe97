import type { Role } from '@pivotal-pm/sdk';
import { BaseModel } from '../../../db/BaseModel';

/** A server-to-server API key (only the sha256 of its secret is stored). */
export class ApiKey extends BaseModel {
  static override tableName = 'api_keys';

  declare tenantId: string;
  declare id: string;
  declare name: string;
  declare keyHash: string;
  declare role: Role;
  declare clientIds: string[] | null;
  declare createdBy: string | null;
  declare lastUsedAt: Date | null;
  declare revokedAt: Date | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}
