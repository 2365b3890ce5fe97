import { pendingOperationIds, type OperationId, type PendingOperationId } from '@pivotal-pm/sdk';
import { notImplemented, type Handlers, type NotImplemented } from '#http/types';
import { implementedHandlers } from '#domains/generated/handlers';

type Implemented = keyof typeof implementedHandlers;

/**
 * Compile-time proof that every operation ID has a handler or is pending, and none is both: deleting a handler file
 * (then `npm run generate`) or adding an operation without one fails type-checking here, naming the IDs.
 */
type Missing = Exclude<OperationId, Implemented | PendingOperationId>;
type Both = Extract<Implemented, PendingOperationId>;
const covered: [Missing, Both] extends [never, never] ? true : { missing: Missing; both: Both } = true;
void covered;

/** Operations whose issue has not come yet: they answer 501 not_implemented. */
export const pendingOperations: readonly PendingOperationId[] = pendingOperationIds;

const pending = Object.fromEntries(pendingOperations.map((id) => [id, notImplemented])) as Record<
  PendingOperationId,
  NotImplemented
>;

/** Every operation's handler (a `Record<OperationId, Handler>`); the pending ones answer 501. */
export const handlers: Handlers = { ...pending, ...implementedHandlers };
