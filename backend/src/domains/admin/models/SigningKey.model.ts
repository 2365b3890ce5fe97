import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A token signing key of the server (not tenant data); the private key is sealed under the master key. */
export class SigningKey extends BaseModel {
  static override tableName = 'signing_keys';
  static override idColumn: string | string[] = 'kid';
  static override jsonAttributes = ['publicJwk'];

  declare kid: string;
  declare alg: string;
  declare privateSealed: Buffer;
  declare publicJwk: JsonObject;
  declare purpose: 'dev' | 'embed';
  declare createdAt: Date;
  declare retiredAt: Date | null;
}
