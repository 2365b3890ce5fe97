import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { ExpectedVersion, Id } from '../../../contract/common';
import { AiDraft } from '../../../schemas/ai';

export const reject = defineOperation({
  id: 'ai.draft.reject',
  kind: 'mutation',
  summary: 'Rejects a pending AI draft with an optional reason; it is never sent.',
  input: z.object({
    id: Id,
    reason: z.string().trim().max(500).optional(),
    expectedVersion: ExpectedVersion,
  }),
  output: AiDraft,
  errors: ['not_found', 'invalid_state', 'version_conflict'],
  permission: 'ai.approve',
  flag: 'ai_assist',
  emits: [],
  source: 'catalogue',
});
