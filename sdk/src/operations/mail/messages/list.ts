import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, QueryList } from '../../../contract/common';
import { MailFolder, MessageIndex } from '../../../schemas/mail';

export const list = defineOperation({
  id: 'mail.messages.list',
  kind: 'query',
  summary:
    'Lists indexed messages of a mailbox, newest first, by folder, thread, read or flag state, labels or opportunity.',
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
    folder: MailFolder.optional(),
    customFolderId: z.string().max(300).optional(),
    /** One conversation of the mailbox. */
    threadKey: z.string().max(300).optional(),
    isRead: QueryBoolean.optional(),
    isFlagged: QueryBoolean.optional(),
    labels: QueryList(z.string().min(1).max(100)).optional(),
    opportunityId: Id.optional(),
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
