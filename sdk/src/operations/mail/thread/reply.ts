import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Email, Id, Timestamp } from '../../../contract/common';
import { MergeData, OutgoingAttachments, SendResult, TemplatedMailBody } from '../../../schemas/mail';

export const reply = defineOperation({
  id: 'mail.thread.reply',
  kind: 'mutation',
  summary: 'Replies (or replies to all) in the thread of a message, now or at `sendAt`.',
  input: z
    .object({
      messageId: Id,
      replyAll: z.boolean().default(false),
      /** Required unless `templateId` gives it; merge tags are filled for the message's contact. */
      body: TemplatedMailBody.optional(),
      /** Fills the body (when not given) from a template; `mergeData` overrides merge tags. */
      templateId: Id.optional(),
      mergeData: MergeData.optional(),
      cc: z.array(Email).max(100).default([]),
      attachments: OutgoingAttachments,
      sendAt: Timestamp.optional(),
      tracking: z.object({ opens: z.boolean(), clicks: z.boolean() }).default({ opens: false, clicks: false }),
    })
    .refine((v) => v.templateId !== undefined || v.body !== undefined, {
      message: 'body is required without a templateId',
      path: ['body'],
    }),
  output: SendResult,
  errors: ['not_found', 'mailbox_not_connected', 'recipient_suppressed', 'upstream_failed'],
  permission: 'mail.send',
  flag: 'inbox_o365',
  emits: ['mail.sent', 'engagement.logged'],
  source: 'spec',
});
