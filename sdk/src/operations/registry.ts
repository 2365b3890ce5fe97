import type { z } from 'zod';
import type { OperationSpec } from '../contract/defineOperation';
import { operations } from './generated/registry';

export { operations };

/** The registry's type. */
export type Operations = typeof operations;
/** Every operation ID, e.g. `opportunity.moveStage`. */
export type OperationId = keyof Operations;
/** What a caller sends (defaults still optional). */
export type OperationInput<K extends OperationId> = z.input<Operations[K]['input']>;
/** What a handler receives: the input after validation and defaults. */
export type OperationParsedInput<K extends OperationId> = z.output<Operations[K]['input']>;
/** What the operation answers in `data`. */
export type OperationOutput<K extends OperationId> = z.output<Operations[K]['output']>;
/** All operation IDs, in registry order. */
export const operationIds = Object.keys(operations) as OperationId[];

/** The operation with that ID, or undefined. */
export function getOperation(id: string): OperationSpec | undefined {
  return Object.hasOwn(operations, id) ? (operations as Record<string, OperationSpec>)[id] : undefined;
}
