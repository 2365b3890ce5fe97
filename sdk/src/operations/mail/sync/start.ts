import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MailboxStatus, MailFolder } from '../../../schemas/mail';

export const start = defineOperation({
  id: 'mail.sync.start',
  kind: 'mutation',
  summary: 'Starts the backfill (90 days by default) and delta sync of a mailbox.',
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
    backfillDays: z.number().int().min(1).max(90).default(90),
    /** Omitted: every folder. */
    folders: z.array(MailFolder).min(1).optional(),
  }),
  output: MailboxStatus,
  errors: ['mailbox_not_connected', 'not_owner', 'invalid_state'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
