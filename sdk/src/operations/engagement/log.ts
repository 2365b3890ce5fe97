import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, JsonObject, Timestamp } from '../../contract/common';
import { Engagement, EngagementChannel, EngagementDirection, EngagementType } from '../../schemas/engagement';

export const log = defineOperation({
  id: 'engagement.log',
  kind: 'mutation',
  summary: 'Logs an engagement (note, call, meeting, touchpoint, campaign event and so on) against an account.',
  input: z
    .object({
      type: EngagementType,
      channel: EngagementChannel,
      /** Omitted: the opportunity's account (or else the contact's). */
      accountId: Id.optional(),
      opportunityId: Id.nullable().optional(),
      contactId: Id.nullable().optional(),
      direction: EngagementDirection.nullable().optional(),
      subject: z.string().max(998).optional(),
      bodyPreview: z.string().max(2000).optional(),
      meta: JsonObject.default({}),
      /**
       * A message of the caller's own synced mailbox: logs that email to the record. Its subject, preview and date
       * replace the given ones and become visible to everyone who can see the record (client roles never see email).
       * The engagement sync made for it, if any, is the one logged: a message has one engagement.
       */
      messageId: Id.optional(),
      /**
       * An email by its `internetMessageId` (the Outlook pane): the caller's synced copy is logged as with
       * `messageId`; one not synced yet is logged now, once: logging it again answers the same engagement, and the
       * sync that later indexes it attaches it to that engagement.
       */
      internetMessageId: z.string().min(3).max(998).optional(),
      /** Omitted: now. */
      occurredAt: Timestamp.optional(),
    })
    .refine((v) => v.accountId !== undefined || Boolean(v.opportunityId) || Boolean(v.contactId), {
      message: 'give accountId, or an opportunityId or contactId to take it from',
      path: ['accountId'],
    })
    .refine((v) => v.messageId === undefined || v.internetMessageId === undefined, {
      message: 'give messageId or internetMessageId, not both',
      path: ['internetMessageId'],
    })
    .refine((v) => v.internetMessageId === undefined || v.type === 'email_in' || v.type === 'email_out', {
      message: 'an email is logged as email_in or email_out',
      path: ['type'],
    }),
  output: Engagement,
  errors: ['reference_invalid'],
  permission: 'engagement.write',
  emits: ['engagement.logged'],
  source: 'spec',
});
