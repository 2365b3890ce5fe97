import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, JsonObject, Timestamp } from '../../contract/common';
import { Engagement, EngagementChannel, EngagementDirection, EngagementType } from '../../schemas/engagement';

/** Logs an engagement (note, call, meeting, touchpoint, campaign event and so on) against an account. */
export const log = defineOperation({
  id: 'engagement.log',
  kind: 'mutation',
  summary: 'Logs an engagement (note, call, meeting, touchpoint, campaign event and so on) against an account.',
  input: z.object({
    type: EngagementType,
    channel: EngagementChannel,
    accountId: Id,
    opportunityId: Id.nullable().optional(),
    contactId: Id.nullable().optional(),
    direction: EngagementDirection.nullable().optional(),
    subject: z.string().max(998).optional(),
    bodyPreview: z.string().max(2000).optional(),
    meta: JsonObject.default({}),
    /** Omitted: now. */
    occurredAt: Timestamp.optional(),
  }),
  output: Engagement,
  errors: ['reference_invalid'],
  permission: 'engagement.write',
  emits: ['engagement.logged'],
  source: 'spec',
});
