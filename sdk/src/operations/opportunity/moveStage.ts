import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, StageKey } from '../../contract/common';
import { Opportunity } from '../../schemas/opportunity';

export const moveStage = defineOperation({
  id: 'opportunity.moveStage',
  kind: 'mutation',
  summary: "Moves an opportunity to another stage of its pipeline's stageOrder.",
  input: z.object({ id: Id, stage: StageKey, expectedVersion: z.number().int().min(1).optional() }),
  output: Opportunity,
  errors: ['not_found', 'stage_not_in_pipeline', 'opportunity_closed', 'invalid_state', 'version_conflict'],
  permission: 'opportunity.write',
  flag: 'pipeline',
  emits: ['opportunity.stageChanged'],
  source: 'spec',
});
