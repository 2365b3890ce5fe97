import type { OperationId } from './registry';

/**
 * Operations whose issue has not come yet: they are in the contract (typed SDK methods, documented) and the server
 * answers them `501 not_implemented`. The backend's handlers and this list together cover every operation ID
 * exactly once, or the backend does not type-check.
 */
export const pendingOperationIds = [
  'ai.draft.approve',
  'ai.draft.create',
  'ai.draft.reject',
] as const satisfies readonly OperationId[];

/** An operation that answers 501 for now. */
export type PendingOperationId = (typeof pendingOperationIds)[number];
