import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { SlaPolicyView } from '../../../schemas/pipeline';

export const get = defineOperation({
  id: 'sla.policy.get',
  kind: 'query',
  summary: "Gets a pipeline's SLA policy and its effect on each stage (idle limit and default probability).",
  input: z.object({ pipelineId: Id }),
  output: SlaPolicyView,
  errors: ['not_found'],
  permission: 'pipeline.read',
  flag: 'pipeline',
  emits: [],
  source: 'catalogue',
});
