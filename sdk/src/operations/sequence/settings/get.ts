import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { SequenceSettings } from '../../../schemas/sequence';

export const get = defineOperation({
  id: 'sequence.settings.get',
  kind: 'query',
  summary:
    "Gets the tenant-wide sending settings of sequences: the tenant's daily cap and each mailbox's Exchange limits.",
  input: z.object({}),
  output: SequenceSettings,
  errors: [],
  permission: 'sequence.read',
  flag: 'sequences',
  emits: [],
  source: 'project',
});
