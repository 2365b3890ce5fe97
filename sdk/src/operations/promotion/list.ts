import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, Timestamp } from '../../contract/common';
import { Promotion } from '../../schemas/cadence';

export const list = defineOperation({
  id: 'promotion.list',
  kind: 'query',
  summary: 'Lists promotions by pipeline, status or the time they are active at.',
  input: z.object({
    pipelineId: Id.optional(),
    status: z.enum(['active', 'expired']).optional(),
    activeAt: Timestamp.optional(),
    ...pageInput,
  }),
  output: page(Promotion),
  errors: [],
  permission: 'lead.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
