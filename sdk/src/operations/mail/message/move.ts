import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { MessageIndex } from '../../../schemas/mail';

export const move = defineOperation({
  id: 'mail.message.move',
  kind: 'mutation',
  summary: 'Moves a message to the inbox, the archive or a custom folder.',
  input: z
    .object({
      id: Id,
      folder: z.enum(['inbox', 'archive', 'custom']),
      /** Required when `folder` is `custom`. */
      customFolderId: z.string().min(1).max(300).optional(),
    })
    .refine((v) => v.folder !== 'custom' || v.customFolderId !== undefined, {
      message: 'customFolderId is required for a custom folder',
      path: ['customFolderId'],
    }),
  output: MessageIndex,
  errors: ['not_found', 'mailbox_not_connected', 'upstream_failed'],
  permission: 'mail.read',
  flag: 'inbox_o365',
  emits: [],
  source: 'spec',
});
