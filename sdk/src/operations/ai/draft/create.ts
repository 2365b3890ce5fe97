import { z } from 'zod';
import { defineOperation } from '../../../contract/defineOperation';
import { Id } from '../../../contract/common';
import { AiDraft, DraftBrevity, DraftTone } from '../../../schemas/ai';

export const create = defineOperation({
  id: 'ai.draft.create',
  kind: 'mutation',
  summary:
    'Drafts an e-mail with tone and brevity controls and stores it as pending, with provenance, until a human decides.',
  input: z
    .object({
      /** What the e-mail should achieve, in the caller's words. */
      instructions: z.string().trim().max(2000).optional(),
      tone: DraftTone.default('neutral'),
      brevity: DraftBrevity.default('medium'),
      opportunityId: Id.optional(),
      contactId: Id.optional(),
      /** Draft a reply to this message. */
      replyToMessageId: Id.optional(),
      templateId: Id.optional(),
    })
    .refine((v) => v.opportunityId !== undefined || v.contactId !== undefined || v.replyToMessageId !== undefined, {
      message: 'give an opportunityId, a contactId or a replyToMessageId',
      path: ['contactId'],
    }),
  output: AiDraft,
  errors: ['reference_invalid', 'upstream_failed'],
  permission: 'ai.draft',
  flag: 'ai_assist',
  emits: [],
  source: 'catalogue',
});
