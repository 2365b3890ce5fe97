import { BaseModel, type JsonObject } from '../../../db/BaseModel';

/** A connected mailbox (visible to its owner only). */
export class MailboxAccount extends BaseModel {
  static override tableName = 'mailbox_accounts';
  static override jsonAttributes = ['meta'];

  declare tenantId: string;
  declare id: string;
  declare userId: string;
  declare provider: 'o365';
  /** The mailbox's SMTP address (set when connected). */
  declare address: string | null;
  declare scopes: string[];
  declare status: 'connected' | 'revoked' | 'error';
  declare connectedAt: Date | null;
  declare lastSyncAt: Date | null;
  declare encryptedTokens: Buffer | null;
  declare meta: JsonObject;
  declare version: number;
  declare createdAt: Date;
  declare updatedAt: Date;
}
