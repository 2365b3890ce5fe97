import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MailboxStatus } from '../../../schemas/mail';

export const get = defineOperation({
  id: 'mailbox.status.get',
  kind: 'query',
  summary: "Answers a mailbox's sync health: per-folder backfill progress, delta health, throttling and last error.",
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
  }),
  output: MailboxStatus,
  errors: ['not_found', 'not_owner', 'mailbox_not_connected'],
  permission: 'mailbox.manage',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
