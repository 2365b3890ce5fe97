import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, Timestamp } from '../../contract/common';
import { MailFolder, MessageIndex } from '../../schemas/mail';

/**
 * Searches indexed mail the caller may read by text, people, domains, attachments, opportunity or client.
 * `q`: words match subject, addresses and snippet (`word*` is a prefix, `"two words"` a phrase, `-word`
 * excludes); a term with `@` matches inside addresses (`jane@`, `@acme`, `jane@acme.com`). Ranked: subject
 * over addresses over snippet, then newest first.
 */
export const search = defineOperation({
  id: 'mail.search',
  kind: 'query',
  summary: 'Searches indexed mail the caller may read by text, people, domains, attachments, opportunity or client.',
  input: z.object({
    q: z.string().trim().min(1).max(500),
    /** Omitted: every mailbox the caller may read (its own and those shared with it). */
    mailboxId: Id.optional(),
    folder: MailFolder.optional(),
    from: z.string().max(320).optional(),
    to: z.string().max(320).optional(),
    hasAttachments: QueryBoolean.optional(),
    isRead: QueryBoolean.optional(),
    opportunityId: Id.optional(),
    accountId: Id.optional(),
    clientId: Id.optional(),
    projectId: Id.optional(),
    /** Received at or after. */
    receivedFrom: Timestamp.optional(),
    /** Received before. */
    receivedTo: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(MessageIndex),
  errors: ['not_found', 'mailbox_not_connected'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  list: true,
  source: 'spec',
});
