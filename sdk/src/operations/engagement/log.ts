import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, JsonObject, Timestamp } from '../../contract/common';
import { Engagement, EngagementChannel, EngagementDirection, EngagementType } from '../../schemas/engagement';

/** Logs an engagement (note, call, meeting, touchpoint, campaign event and so on) against an account. */
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
