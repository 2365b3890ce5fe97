import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, Timestamp } from '../../contract/common';
import { MailFolder, MessageIndex } from '../../schemas/mail';

/** Searches indexed mail the caller may read by text, people, domains, attachments, opportunity or client. */
export const search = defineOperation({
  id: 'mail.search',
  kind: 'query',
  summary: 'Searches indexed mail the caller may read by text, people, domains, attachments, opportunity or client.',
  input: z.object({
    q: z.string().trim().min(1).max(500),
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
    folder: MailFolder.optional(),
    from: z.string().max(320).optional(),
    to: z.string().max(320).optional(),
    hasAttachments: QueryBoolean.optional(),
    isRead: QueryBoolean.optional(),
    opportunityId: Id.optional(),
    clientId: Id.optional(),
    receivedFrom: Timestamp.optional(),
    receivedTo: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(MessageIndex),
  errors: ['mailbox_not_connected'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  list: true,
  source: 'spec',
});
