import { BaseModel } from '../../../db/BaseModel';

/** Indexed metadata of one message (search is a generated tsvector). */
export class MessageIndex extends BaseModel {
  static override tableName = 'message_index';

  declare tenantId: string;
  declare id: string;
  declare mailboxId: string;
  declare userId: string;
  declare externalId: string;
  declare folder: string;
  declare fromAddress: string | null;
  declare toAddresses: string[];
  declare ccAddresses: string[];
  declare subject: string | null;
  declare snippet: string | null;
  declare hasAttachments: boolean;
  declare receivedAt: Date;
  declare isRead: boolean;
  declare isReplied: boolean;
  declare threadKey: string | null;
  declare labels: string[];
  declare bodyPointer: string | null;
  declare isFlagged: boolean;
  declare customFolderId: string | null;
  declare opportunityId: string | null;
  declare accountId: string | null;
  declare contactId: string | null;
  declare clientId: string | null;
  declare projectId: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}
