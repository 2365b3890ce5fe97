import { BaseModel } from '../../../db/BaseModel';

/** An append-only audit row (the app role cannot update or delete it). */
export class AuditLog extends BaseModel {
  static override tableName = 'audit_log';
  static override jsonAttributes = ['before', 'after'];

  declare tenantId: string;
  declare id: string;
  declare at: Date;
  declare actor: string;
  declare operation: string;
  declare targetType: string;
  declare targetId: string | null;
  declare requestId: string | null;
  declare before: unknown;
  declare after: unknown;
}
