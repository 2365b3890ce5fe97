import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean } from '../../contract/common';
import { Pipeline } from '../../schemas/pipeline';

export const list = defineOperation({
  id: 'pipeline.list',
  kind: 'query',
  summary: 'Lists pipelines, filtered by name, active state, client or owner.',
  input: z.object({
    q: z.string().trim().min(1).max(200).optional(),
    active: QueryBoolean.optional(),
    clientId: Id.optional(),
    ownerId: Id.optional(),
    ...pageInput,
  }),
  output: page(Pipeline),
  errors: [],
  permission: 'pipeline.read',
  flag: 'pipeline',
  emits: [],
  list: true,
  source: 'spec',
});
