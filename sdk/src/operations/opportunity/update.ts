import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Currency, DateOnly, Decimal, ExpectedVersion, Id, JsonObject, Tag } from '../../contract/common';
import { Opportunity, OpportunitySource } from '../../schemas/opportunity';

export const update = defineOperation({
  id: 'opportunity.update',
  kind: 'mutation',
  summary: "Changes an open opportunity's fields (stage changes go through moveStage, closing through win or lose).",
  input: z.object({
    id: Id,
    name: z.string().trim().min(1).max(200).optional(),
    accountId: Id.optional(),
    primaryContactId: Id.nullable().optional(),
    ownerId: Id.optional(),
    projectId: Id.nullable().optional(),
    amount: Decimal.optional(),
    currency: Currency.optional(),
    probability: z.number().min(0).max(1).optional(),
    closeDate: DateOnly.nullable().optional(),
    source: OpportunitySource.nullable().optional(),
    tags: z.array(Tag).max(50).optional(),
    customFields: JsonObject.optional(),
    /** Put on hold or reopen; won and lost are set by win and lose. */
    status: z.enum(['open', 'onHold']).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: Opportunity,
  errors: ['not_found', 'version_conflict', 'opportunity_closed', 'reference_invalid'],
  permission: 'opportunity.write',
  flag: 'pipeline',
  emits: ['opportunity.updated'],
  source: 'spec',
});
