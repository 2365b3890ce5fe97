import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Currency, Id } from '../../contract/common';
import { Pipeline, SlaPolicy, StageOrder } from '../../schemas/pipeline';

export const create = defineOperation({
  id: 'pipeline.create',
  kind: 'mutation',
  summary: 'Creates a pipeline with its ordered stages, SLA policy and optional client scope.',
  input: z.object({
    name: z.string().trim().min(1).max(200),
    ownerId: Id.optional(),
    defaultCurrency: Currency.default('USD'),
    stageOrder: StageOrder,
    slaPolicy: SlaPolicy.default({}),
    clientId: Id.nullable().default(null),
    projectIds: z.array(Id).max(100).default([]),
  }),
  output: Pipeline,
  errors: ['reference_invalid'],
  permission: 'pipeline.manage',
  flag: 'pipeline',
  emits: ['pipeline.created'],
  source: 'spec',
});
