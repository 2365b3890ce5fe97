import type { z } from 'zod';
import type { OperationSpec } from '../contract/defineOperation';
import { directoryOperations } from './areas/directory';
import { pipelinesOperations } from './areas/pipelines';
import { inboxOperations } from './areas/inbox';
import { callsOperations } from './areas/calls';
import { engagementsOperations } from './areas/engagements';
import { sequencesOperations } from './areas/sequences';
import { cadencesOperations } from './areas/cadences';
import { analyticsOperations } from './areas/analytics';
import { aiOperations } from './areas/ai';
import { adminOperations } from './areas/admin';

/** Every operation of the contract, keyed by its ID (each area file lists its own, in OPERATIONS.md order). */
export const operations = {
  ...directoryOperations,
  ...pipelinesOperations,
  ...inboxOperations,
  ...callsOperations,
  ...engagementsOperations,
  ...sequencesOperations,
  ...cadencesOperations,
  ...analyticsOperations,
  ...aiOperations,
  ...adminOperations,
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
