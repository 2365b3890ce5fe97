import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, page, pageInput, QueryBoolean, StageKey } from '../../contract/common';
import { Lead, LeadState } from '../../schemas/cadence';

export const list = defineOperation({
  id: 'lead.list',
  kind: 'query',
  summary: 'Lists leads by pipeline, owner, stage, state or promotion lock, newest first.',
  input: z.object({
    pipelineId: Id.optional(),
    ownerId: Id.optional(),
    stageKey: StageKey.optional(),
    state: LeadState.optional(),
    /** Only leads a promotion has (or has not) time-locked. */
    locked: QueryBoolean.optional(),
    snappedPromotionId: Id.optional(),
    ...pageInput,
  }),
  output: page(Lead),
  errors: [],
  permission: 'lead.read',
  emits: [],
  list: true,
  source: 'catalogue',
});
