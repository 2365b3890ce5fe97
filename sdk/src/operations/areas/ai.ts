import { operationTable } from '../../contract/defineOperation';
import { create as aiDraftCreate } from '../ai/draft/create';
import { approve as aiDraftApprove } from '../ai/draft/approve';
import { reject as aiDraftReject } from '../ai/draft/reject';

/** AI assists: drafts with human approval. */
export const aiOperations = operationTable({
  'ai.draft.create': aiDraftCreate,
  'ai.draft.approve': aiDraftApprove,
  'ai.draft.reject': aiDraftReject,
});
