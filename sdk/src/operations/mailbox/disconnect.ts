import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id } from '../../contract/common';
import { MailboxAccount } from '../../schemas/mail';

export const disconnect = defineOperation({
  id: 'mailbox.disconnect',
  kind: 'mutation',
  summary: 'Disconnects a mailbox: its tokens are destroyed and syncing stops.',
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
  }),
  output: MailboxAccount,
  errors: ['not_found', 'not_owner', 'mailbox_not_connected'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
