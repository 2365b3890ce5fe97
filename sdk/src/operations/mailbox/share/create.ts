import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MailboxShare } from '../../../schemas/mail';

export const create = defineOperation({
  id: 'mailbox.share.create',
  kind: 'mutation',
  summary: 'Shares a mailbox explicitly with another internal user, read-only or with send rights.',
  input: z.object({
    mailboxId: Id,
    userId: Id,
    access: z.enum(['read', 'readSend']).default('read'),
  }),
  output: MailboxShare,
  errors: ['not_found', 'not_owner', 'already_exists', 'reference_invalid'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'catalogue',
});
