import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Email, Id, JsonObject, Timestamp } from '../../../contract/common';
import { MailBody, OutgoingAttachment, SendResult } from '../../../schemas/mail';

/** Sends a new message now or at `sendAt`, with template merge tags, attachments and optional tracking. */
export const send = defineOperation({
  id: 'mail.message.send',
  kind: 'mutation',
  summary: 'Sends a new message now or at `sendAt`, with template merge tags, attachments and optional tracking.',
  input: z.object({
    /** Omitted: the caller's own mailbox. */
    mailboxId: Id.optional(),
    to: z.array(Email).min(1).max(100),
    cc: z.array(Email).max(100).default([]),
    bcc: z.array(Email).max(100).default([]),
    subject: z.string().max(998),
    body: MailBody,
    /** Fills subject and body from a template; `mergeData` overrides merge tags. */
    templateId: Id.optional(),
    mergeData: JsonObject.optional(),
    opportunityId: Id.optional(),
    attachments: z.array(OutgoingAttachment).max(20).default([]),
    /** Schedule send: omitted or past means now. */
    sendAt: Timestamp.optional(),
    tracking: z.object({ opens: z.boolean(), clicks: z.boolean() }).default({ opens: false, clicks: false }),
    readReceipt: z.boolean().default(false),
    /** A sender alias of the mailbox. */
    fromAlias: Email.optional(),
  }),
  output: SendResult,
  errors: ['mailbox_not_connected', 'recipient_suppressed', 'reference_invalid', 'upstream_failed'],
  permission: 'mail.send',
  flag: 'inbox_o365',
  emits: ['mail.sent', 'engagement.logged'],
  source: 'spec',
});
