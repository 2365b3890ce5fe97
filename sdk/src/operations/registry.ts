import type { z } from 'zod';
import type { OperationSpec } from '../contract/defineOperation';
import { create as pipelineCreate } from './pipeline/create';
import { moveStage as opportunityMoveStage } from './opportunity/moveStage';

/** Every operation of the contract, keyed by its ID. */
export const operations = {
  'pipeline.create': pipelineCreate,
  'opportunity.moveStage': opportunityMoveStage,
} as const satisfies Record<string, OperationSpec>;

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
