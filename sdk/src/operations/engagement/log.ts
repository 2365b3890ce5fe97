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
      /** Omitted: now. */
      occurredAt: Timestamp.optional(),
    })
    .refine((v) => v.accountId !== undefined || Boolean(v.opportunityId) || Boolean(v.contactId), {
      message: 'give accountId, or an opportunityId or contactId to take it from',
      path: ['accountId'],
    }),
  output: Engagement,
  errors: ['reference_invalid'],
  permission: 'engagement.write',
  emits: ['engagement.logged'],
  source: 'spec',
});
