import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { SlaBreach } from '../../../schemas/sla';

export const remind = defineOperation({
  id: 'sla.breach.remind',
  kind: 'mutation',
  summary:
    "Sends the deal's owner a fresh reminder of an open breach through the Teams bot (their manager's button on an escalation).",
  input: z.object({ id: Id }),
  output: SlaBreach,
  errors: ['not_found', 'invalid_state'],
  permission: 'task.write',
  flag: 'pipeline',
  emits: [],
  source: 'project',
});
