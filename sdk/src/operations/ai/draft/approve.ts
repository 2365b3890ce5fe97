import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion, Id, Timestamp } from '../../../contract/common';
import { AiDraft } from '../../../schemas/ai';
import { MailBody } from '../../../schemas/mail';

export const approve = defineOperation({
  id: 'ai.draft.approve',
  kind: 'mutation',
  summary: 'Approves a pending AI draft, optionally edited, and sends it now or at `sendAt` unless `send` is false.',
  input: z.object({
    id: Id,
    subject: z.string().max(998).optional(),
    body: MailBody.optional(),
    send: z.boolean().default(true),
    /** Omitted: the draft author's mailbox. */
    mailboxId: Id.optional(),
    sendAt: Timestamp.optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: AiDraft,
  errors: [
    'not_found',
    'invalid_state',
    'version_conflict',
    'mailbox_not_connected',
    'recipient_suppressed',
    'upstream_failed',
  ],
  permission: 'ai.approve',
  flag: 'ai_assist',
  emits: ['mail.sent', 'engagement.logged'],
  source: 'catalogue',
});
