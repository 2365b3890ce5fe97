import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, QueryList, Timestamp } from '../../contract/common';
import { Engagement, EngagementChannel, EngagementType } from '../../schemas/engagement';

export const list = defineOperation({
  id: 'engagement.list',
  kind: 'query',
  summary:
    'Lists engagements, newest first, by opportunity, account, contact, actor, type, channel or time; bots excluded unless asked.',
  input: z.object({
    opportunityId: Id.optional(),
    accountId: Id.optional(),
    contactId: Id.optional(),
    actorId: Id.optional(),
    types: QueryList(EngagementType).optional(),
    channel: EngagementChannel.optional(),
    from: Timestamp.optional(),
    to: Timestamp.optional(),
    includeBots: QueryBoolean.default(false),
    ...pageInput,
  }),
  output: page(Engagement),
  errors: [],
  permission: 'engagement.read',
  emits: [],
  list: true,
  source: 'spec',
});
