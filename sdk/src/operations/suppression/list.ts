import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { page, pageInput } from '../../contract/common';
import { Suppression, SuppressionReason } from '../../schemas/sequence';

export const list = defineOperation({
  id: 'suppression.list',
  kind: 'query',
  summary: 'Lists the suppression list by kind, reason or value.',
  input: z.object({
    kind: z.enum(['email', 'domain', 'phone']).optional(),
    reason: SuppressionReason.optional(),
    q: z.string().trim().min(1).max(200).optional(),
    ...pageInput,
  }),
  output: page(Suppression),
  errors: [],
  permission: 'suppression.manage',
  flag: 'sequences',
  emits: [],
  list: true,
  source: 'catalogue',
});
