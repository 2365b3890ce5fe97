import { z } from 'zod';
import { base, Currency, DateOnly, Id, JsonObject, StageKey, Version } from '../contract/common';

/** Where an opportunity came from. */
export const OpportunitySource = z.enum(['campaign', 'inbound', 'outbound', 'referral']);
/** Lifecycle status of an opportunity. */
export const OpportunityStatus = z.enum(['open', 'won', 'lost', 'onHold']);

/** Opportunity DTO (spec: Opportunity DTO). `amount` is a decimal string, exact to the cent. */
export const Opportunity = z.object({
  ...base,
  pipelineId: Id,
  clientId: Id.nullable(),
  projectId: Id.nullable(),
  name: z.string(),
  accountId: Id,
  primaryContactId: Id.nullable(),
  ownerId: Id,
  stage: StageKey,
  amount: z.string(),
  currency: Currency,
  probability: z.number().min(0).max(1),
  closeDate: DateOnly.nullable(),
  source: OpportunitySource.nullable(),
  score: z.number().int(),
  tags: z.array(z.string()),
  customFields: JsonObject,
  status: OpportunityStatus,
  reason: z.string().nullable(),
  /** When the opportunity entered its current stage (drives "days in stage" and SLA cues). */
  stageEnteredAt: z.iso.datetime({ offset: true }),
  /** Last engagement logged against it, if any (drives idle/SLA cues). */
  lastActivityAt: z.iso.datetime({ offset: true }).nullable(),
  version: Version,
});
export type Opportunity = z.infer<typeof Opportunity>;
