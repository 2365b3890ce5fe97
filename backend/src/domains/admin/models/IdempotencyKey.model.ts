import { BaseModel } from '../../../db/BaseModel';

/** A stored first response for an Idempotency-Key. */
export class IdempotencyKey extends BaseModel {
  static override tableName = 'idempotency_keys';
  static override idColumn: string | string[] = ['tenantId', 'key'];
  static override jsonAttributes = ['responseBody'];

  declare tenantId: string;
  declare key: string;
  declare operation: string;
  declare requestHash: string;
  declare responseStatus: number | null;
  declare responseBody: unknown;
  declare createdAt: Date;
}
