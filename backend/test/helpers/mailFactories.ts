import { uuidv7 } from '#db/ids';
import type { Db } from './factories';

/**
 * Mail test data through the OWNER knex (no RLS): connected mailboxes and message index rows, as the sync
 * worker would write them. Defaults are filled; arrays are Postgres text[] (plain JS arrays).
 */
let counter = 0;

/** A connected Office 365 mailbox of `userId`. */
export async function createMailbox(
  db: Db,
  tenantId: string,
  userId: string,
  values: Record<string, unknown> = {},
): Promise<{ id: string; userId: string }> {
  const [row] = await db('mailbox_accounts')
    .insert({
      tenantId,
      id: uuidv7(),
      userId,
      provider: 'o365',
      scopes: ['Mail.Read', 'Mail.Send'],
      status: 'connected',
      connectedAt: new Date(),
      ...values,
    })
    .returning(['id', 'userId']);
  return row as { id: string; userId: string };
}

/** The fields of a message index row a test usually sets. */
export type MessageValues = {
  folder?: 'inbox' | 'sent' | 'archive' | 'custom';
  fromAddress?: string;
  toAddresses?: string[];
  ccAddresses?: string[];
  subject?: string;
  snippet?: string;
  hasAttachments?: boolean;
  receivedAt?: Date;
  isRead?: boolean;
  isFlagged?: boolean;
  threadKey?: string;
  labels?: string[];
  customFolderId?: string | null;
  opportunityId?: string | null;
  accountId?: string | null;
  contactId?: string | null;
  clientId?: string | null;
  projectId?: string | null;
  internetMessageId?: string | null;
  conversationId?: string | null;
  direction?: 'in' | 'out' | null;
};

/** An indexed message in `mailbox` (received now unless given). */
export async function createMessage(
  db: Db,
  tenantId: string,
  mailbox: { id: string; userId: string },
  values: MessageValues = {},
): Promise<{ id: string; externalId: string }> {
  const n = ++counter;
  const [row] = await db('message_index')
    .insert({
      tenantId,
      id: uuidv7(),
      mailboxId: mailbox.id,
      userId: mailbox.userId,
      externalId: `AAMk-${n}-${Date.now().toString(36)}`,
      folder: 'inbox',
      fromAddress: `sender${n}@example.test`,
      toAddresses: ['rep@example.test'],
      subject: `Message ${n}`,
      snippet: `Snippet ${n}`,
      receivedAt: new Date(),
      threadKey: `thread-${n}`,
      bodyPointer: `graph:${n}`,
      ...values,
    })
    .returning(['id', 'externalId']);
  return row as { id: string; externalId: string };
}
