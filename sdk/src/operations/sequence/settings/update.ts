import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { SequenceSettings } from '../../../schemas/sequence';

export const update = defineOperation({
  id: 'sequence.settings.update',
  kind: 'mutation',
  summary:
    "Sets the tenant's daily cap of automated sequence email across every sequence and mailbox (null removes it).",
  input: z.object({ dailyCap: SequenceSettings.shape.dailyCap }),
  output: SequenceSettings,
  errors: [],
  permission: 'sequence.manage',
  flag: 'sequences',
  emits: [],
  source: 'project',
});
