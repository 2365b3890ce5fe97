import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Email, Id, Timestamp } from '../../../contract/common';
import { MergeData, OutgoingAttachments, SendResult, TemplatedMailBody, TemplatedSubject } from '../../../schemas/mail';

export const send = defineOperation({
  id: 'mail.message.send',
  kind: 'mutation',
  summary: 'Sends a new message now or at `sendAt`, with template merge tags, attachments and optional tracking.',
  input: z
    .object({
      /** Omitted: the caller's own mailbox. */
      mailboxId: Id.optional(),
      to: z.array(Email).min(1).max(100),
      cc: z.array(Email).max(100).default([]),
      bcc: z.array(Email).max(100).default([]),
      /** Required unless `templateId` gives it; merge tags such as `{{contact.firstName}}` are filled per message. */
      subject: TemplatedSubject.optional(),
      /** Required unless `templateId` gives it. */
      body: TemplatedMailBody.optional(),
      /** Fills subject and body (those not given) from a template; `mergeData` overrides merge tags. */
      templateId: Id.optional(),
      mergeData: MergeData.optional(),
      opportunityId: Id.optional(),
      attachments: OutgoingAttachments,
      /** Schedule send: omitted or past means now. */
      sendAt: Timestamp.optional(),
      tracking: z.object({ opens: z.boolean(), clicks: z.boolean() }).default({ opens: false, clicks: false }),
      readReceipt: z.boolean().default(false),
      /** A sender alias of the mailbox. */
      fromAlias: Email.optional(),
    })
    .refine((v) => v.templateId !== undefined || v.subject !== undefined, {
      message: 'subject is required without a templateId',
      path: ['subject'],
    })
    .refine((v) => v.templateId !== undefined || v.body !== undefined, {
      message: 'body is required without a templateId',
      path: ['body'],
    }),
  output: SendResult,
  errors: ['not_found', 'mailbox_not_connected', 'recipient_suppressed', 'reference_invalid', 'upstream_failed'],
  permission: 'mail.send',
  flag: 'inbox_o365',
  emits: ['mail.sent', 'engagement.logged'],
  source: 'spec',
});
