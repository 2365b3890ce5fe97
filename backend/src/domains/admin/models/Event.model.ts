import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A canonical event in the outbox, ordered by seq. */
export class Event extends BaseModel {
  static override tableName = 'events';
  static override idColumn: string | string[] = ['tenantId', 'seq'];
  static override jsonAttributes = ['payload'];

  declare tenantId: string;
  declare seq: number;
  declare id: string;
  declare name: string;
  declare occurredAt: Date;
  declare actor: string | null;
  declare clientId: string | null;
  declare payload: JsonObject;
  declare txId: string;
}
