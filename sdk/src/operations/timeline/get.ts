import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryList } from '../../contract/common';
import { TimelineItem, TimelineItemType } from '../../schemas/engagement';

export const get = defineOperation({
  id: 'timeline.get',
  kind: 'query',
  summary:
    'Answers one merged, ordered stream of mail, calls, meetings, notes, tasks and campaign events for an opportunity, account or contact.',
  input: z
    .object({
      opportunityId: Id.optional(),
      accountId: Id.optional(),
      contactId: Id.optional(),
      types: QueryList(TimelineItemType).optional(),
      ...pageInput,
    })
    .refine((v) => [v.opportunityId, v.accountId, v.contactId].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of opportunityId, accountId or contactId',
      path: ['opportunityId'],
    }),
  output: page(TimelineItem),
  errors: ['not_found'],
  permission: 'engagement.read',
  emits: [],
  list: true,
  source: 'spec',
});
