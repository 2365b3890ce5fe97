import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { SequenceWebhookSecret } from '../../../schemas/sequence';

export const rotate = defineOperation({
  id: 'sequence.webhookSecret.rotate',
  kind: 'mutation',
  summary:
    "Replaces the tenant's signing secret of sequence webhook steps and answers the new one, shown only this once.",
  input: z.object({}),
  output: SequenceWebhookSecret,
  errors: [],
  permission: 'webhook.manage',
  flag: 'sequences',
  emits: [],
  source: 'project',
});
