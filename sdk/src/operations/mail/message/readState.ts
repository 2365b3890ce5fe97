import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MessageIndex } from '../../../schemas/mail';

export const readState = defineOperation({
  id: 'mail.message.readState',
  kind: 'mutation',
  summary: 'Marks a message read or unread.',
  input: z.object({ id: Id, isRead: z.boolean() }),
  output: MessageIndex,
  errors: ['not_found', 'mailbox_not_connected', 'upstream_failed'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
