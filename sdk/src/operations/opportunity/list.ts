import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { DateOnly, Id, page, pageInput, QueryList, StageKey, Tag } from '../../contract/common';
import { Opportunity, OpportunityStatus } from '../../schemas/opportunity';

export const list = defineOperation({
  id: 'opportunity.list',
  kind: 'query',
  summary:
    'Lists opportunities, filtered by pipeline, owner, client, project, account, stage, status, tags, close date, health score or name.',
  input: z
    .object({
      pipelineId: Id.optional(),
      ownerId: Id.optional(),
      clientId: Id.optional(),
      projectId: Id.optional(),
      accountId: Id.optional(),
      stage: StageKey.optional(),
      /** Omitted: every status. */
      status: OpportunityStatus.optional(),
      /** Opportunities carrying every one of these tags. */
      tags: QueryList(Tag).optional(),
      closeDateFrom: DateOnly.optional(),
      closeDateTo: DateOnly.optional(),
      /** Only opportunities whose health score is below this (e.g. the tenant's healthy threshold: deals at risk). */
      scoreBelow: z.coerce.number().int().min(1).max(101).optional(),
      /** Searches the name. */
      q: z.string().trim().min(1).max(200).optional(),
      ...pageInput,
    })
    .refine((v) => !v.closeDateFrom || !v.closeDateTo || v.closeDateFrom <= v.closeDateTo, {
      message: '`closeDateFrom` must not be after `closeDateTo`',
      path: ['closeDateTo'],
    }),
  output: page(Opportunity),
  errors: [],
  permission: 'opportunity.read',
  flag: 'pipeline',
  emits: [],
  list: true,
  source: 'spec',
});
