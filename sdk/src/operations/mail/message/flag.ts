import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MessageIndex } from '../../../schemas/mail';

export const flag = defineOperation({
  id: 'mail.message.flag',
  kind: 'mutation',
  summary: 'Flags or unflags a message.',
  input: z.object({ id: Id, flagged: z.boolean() }),
  output: MessageIndex,
  errors: ['not_found', 'mailbox_not_connected', 'upstream_failed'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
