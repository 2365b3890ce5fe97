import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A token signing key of the server (not tenant data). */
export class SigningKey extends BaseModel {
  static override tableName = 'signing_keys';
  static override idColumn: string | string[] = 'kid';
  static override jsonAttributes = ['privateJwk', 'publicJwk'];

  declare kid: string;
  declare alg: string;
  declare privateJwk: JsonObject;
  declare publicJwk: JsonObject;
  declare purpose: 'dev' | 'embed';
  declare createdAt: Date;
}
