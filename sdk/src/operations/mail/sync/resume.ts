import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MailboxStatus } from '../../../schemas/mail';

export const resume = defineOperation({
  id: 'mail.sync.resume',
  kind: 'mutation',
  summary: 'Resumes a paused or failed sync of a mailbox from its saved delta state.',
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
  }),
  output: MailboxStatus,
  errors: ['mailbox_not_connected', 'not_owner', 'invalid_state'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
