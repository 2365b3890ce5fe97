import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Currency, DateOnly, Decimal, Id, JsonObject, StageKey, Tag } from '../../contract/common';
import { Opportunity, OpportunitySource } from '../../schemas/opportunity';

export const create = defineOperation({
  id: 'opportunity.create',
  kind: 'mutation',
  summary: "Creates an opportunity in a pipeline, at the pipeline's first stage unless a stage is given.",
  input: z.object({
    pipelineId: Id,
    name: z.string().trim().min(1).max(200),
    accountId: Id,
    /** Omitted: the pipeline's client (null for internal pipelines). */
    clientId: Id.nullable().optional(),
    projectId: Id.nullable().optional(),
    primaryContactId: Id.nullable().optional(),
    ownerId: Id.optional(),
    stage: StageKey.optional(),
    amount: Decimal.default('0.00'),
    /** Omitted: the pipeline's default currency. */
    currency: Currency.optional(),
    probability: z.number().min(0).max(1).optional(),
    closeDate: DateOnly.nullable().optional(),
    source: OpportunitySource.nullable().optional(),
    tags: z.array(Tag).max(50).default([]),
    customFields: JsonObject.default({}),
  }),
  output: Opportunity,
  errors: ['reference_invalid', 'stage_not_in_pipeline', 'pipeline_archived'],
  permission: 'opportunity.write',
  flag: 'pipeline',
  emits: ['opportunity.created'],
  source: 'spec',
});
