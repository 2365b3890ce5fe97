import type { MailboxAccount, MailboxShare } from '@pivotal-pm/sdk';
import { iso, isoRequired } from '#domains/shared/present';
import { tableColumns } from '#db/tableColumns';

/** A `mailbox_accounts` row (camelCase). */
export type MailboxAccountRow = {
  tenantId: string;
  id: string;
  userId: string;
  provider: 'o365';
  address: string | null;
  scopes: string[];
  status: 'connected' | 'revoked' | 'error';
  connectedAt: Date | null;
  lastSyncAt: Date | null;
  encryptedTokens: Buffer | null;
  meta: Record<string, unknown>;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `MailboxAccountRow` (`mailbox_accounts`). */
export const mailboxAccountColumns = tableColumns<MailboxAccountRow>()('mailbox_accounts', [
  'tenantId',
  'id',
  'userId',
  'provider',
  'address',
  'scopes',
  'status',
  'connectedAt',
  'lastSyncAt',
  'encryptedTokens',
  'meta',
  'version',
  'createdAt',
  'updatedAt',
]);

/** A `mailbox_shares` row (camelCase). */
export type MailboxShareRow = {
  tenantId: string;
  id: string;
  mailboxId: string;
  ownerId: string;
  userId: string;
  access: 'read' | 'readSend';
  createdBy: string;
  revokedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};
/** The columns of `MailboxShareRow` (`mailbox_shares`). */
export const mailboxShareColumns = tableColumns<MailboxShareRow>()('mailbox_shares', [
  'tenantId',
  'id',
  'mailboxId',
  'ownerId',
  'userId',
  'access',
  'createdBy',
  'revokedAt',
  'createdAt',
  'updatedAt',
]);

/** A mailbox as the API shows it: never its tokens or sync internals. */
export function presentMailbox(row: MailboxAccountRow): MailboxAccount {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    userId: row.userId,
    provider: row.provider,
    address: row.address ?? '',
    scopes: row.scopes,
    status: row.status,
    connectedAt: iso(row.connectedAt),
    lastSyncAt: iso(row.lastSyncAt),
    version: row.version,
  };
}

/** A mailbox share. */
export function presentShare(row: MailboxShareRow): MailboxShare {
  return {
    id: row.id,
    tenantId: row.tenantId,
    createdAt: isoRequired(row.createdAt),
    updatedAt: isoRequired(row.updatedAt),
    mailboxId: row.mailboxId,
    userId: row.userId,
    access: row.access,
    createdBy: row.createdBy,
    revokedAt: iso(row.revokedAt),
  };
}
