import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id, page, pageInput, QueryList, Timestamp } from '../../../contract/common';
import { SlaBreach, SlaBreachStatus } from '../../../schemas/sla';

export const list = defineOperation({
  id: 'sla.breach.list',
  kind: 'query',
  summary:
    'Lists SLA breaches (open by default), newest first: by owner, opportunity, pipeline or time. Internal: a client-confined caller is refused.',
  input: z.object({
    status: SlaBreachStatus.default('open'),
    ids: QueryList(Id)
      .refine((v) => v.length <= 200, 'at most 200 ids')
      .optional(),
    ownerIds: QueryList(Id)
      .refine((v) => v.length <= 200, 'at most 200 ids')
      .optional(),
    opportunityId: Id.optional(),
    pipelineId: Id.optional(),
    /** Breaches recorded at or after this time. */
    since: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(SlaBreach),
  errors: [],
  permission: 'opportunity.read',
  flag: 'pipeline',
  emits: [],
  list: true,
  source: 'project',
});
