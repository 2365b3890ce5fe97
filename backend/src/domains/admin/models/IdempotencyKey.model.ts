import { BaseModel } from '../../../db/BaseModel';

/** A stored first response for an Idempotency-Key of one caller (the response sealed under the tenant's data key). */
export class IdempotencyKey extends BaseModel {
  static override tableName = 'idempotency_keys';
  static override idColumn: string | string[] = ['tenantId', 'caller', 'key'];

  declare tenantId: string;
  declare caller: string;
  declare key: string;
  declare operation: string;
  declare requestHash: string;
  declare responseStatus: number | null;
  declare responseSealed: Buffer | null;
  declare createdAt: Date;
}
