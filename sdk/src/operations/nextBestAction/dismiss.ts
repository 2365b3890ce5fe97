import { z } from 'zod';
import { defineOperation } from '../../contract/defineOperation';
import { Id, Timestamp } from '../../contract/common';
import { NextBestAction } from '../../schemas/analytics';

/** Why a person dismissed a recommended action. */
export const NbaDismissReason = z.enum(['not_relevant', 'already_done', 'later', 'wrong_contact']);

export const dismiss = defineOperation({
  id: 'nextBestAction.dismiss',
  kind: 'mutation',
  summary:
    "Dismisses a recommended action for an opportunity, with a reason: nextBestAction.get leaves it out of the caller's answers for two weeks.",
  input: z.object({
    opportunityId: Id,
    kind: NextBestAction.shape.actions.element.shape.kind,
    reason: NbaDismissReason,
  }),
  output: z.object({ opportunityId: Id, kind: z.string(), reason: NbaDismissReason, until: Timestamp }),
  errors: ['not_found'],
  permission: 'opportunity.read',
  flag: 'ai_assist',
  emits: [],
  source: 'project',
});
