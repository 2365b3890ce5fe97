import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Currency, ExpectedVersion, Id } from '../../contract/common';
import { Pipeline, SlaPolicy, StageOrder } from '../../schemas/pipeline';

export const update = defineOperation({
  id: 'pipeline.update',
  kind: 'mutation',
  summary: "Changes a pipeline's name, owner, currency, stages, SLA policy, client scope, projects or active state.",
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    ownerId: Id.optional(),
    defaultCurrency: Currency.optional(),
    stageOrder: StageOrder.optional(),
    slaPolicy: SlaPolicy.optional(),
    clientId: Id.nullable().optional(),
    projectIds: z.array(Id).max(100).optional(),
    active: z.boolean().optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Pipeline,
  errors: ['not_found', 'version_conflict', 'pipeline_archived', 'invalid_state', 'reference_invalid'],
  permission: 'pipeline.manage',
  flag: 'pipeline',
  emits: ['pipeline.updated'],
  source: 'spec',
});
