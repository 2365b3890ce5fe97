import type { Role } from '@pivotal-pm/sdk';
import { BaseModel } from '../../../db/BaseModel';

/** A role held by a user, tenant-wide (clientId null) or for one client. */
export class RoleAssignment extends BaseModel {
  static override tableName = 'role_assignments';

  declare tenantId: string;
  declare id: string;
  declare userId: string;
  declare role: Role;
  declare clientId: string | null;
  declare createdAt: Date;
}
