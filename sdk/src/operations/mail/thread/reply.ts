import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Email, Id, Timestamp } from '../../../contract/common';
import { MailBody, OutgoingAttachment, SendResult } from '../../../schemas/mail';

/** Replies (or replies to all) in the thread of a message, now or at `sendAt`. */
export const reply = defineOperation({
  id: 'mail.thread.reply',
  kind: 'mutation',
  summary: 'Replies (or replies to all) in the thread of a message, now or at `sendAt`.',
  input: z.object({
    messageId: Id,
    replyAll: z.boolean().default(false),
    body: MailBody,
    cc: z.array(Email).max(100).default([]),
    attachments: z.array(OutgoingAttachment).max(20).default([]),
    sendAt: Timestamp.optional(),
  }),
  output: SendResult,
  errors: ['not_found', 'mailbox_not_connected', 'recipient_suppressed', 'upstream_failed'],
  permission: 'mail.send',
  flag: 'inbox_o365',
  emits: ['mail.sent', 'engagement.logged'],
  source: 'spec',
});
