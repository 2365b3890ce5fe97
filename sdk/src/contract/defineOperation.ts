import type { z } from 'zod';
import type { ErrorCode } from './errors';
import type { FeatureFlag } from './flags';
import type { Permission } from './roles';
import type { EventName } from '../events/names';

/** `query` operations read (and also answer GET); `mutation` operations change state. */
export type OperationKind = 'query' | 'mutation';

/** One entry of the contract: everything the server, SDK and docs need to know about an operation. */
export type OperationSpec<
  Id extends string = string,
  I extends z.ZodType = z.ZodType,
  O extends z.ZodType = z.ZodType,
> = {
  /** The operation ID, e.g. `opportunity.moveStage`: URL, SDK method, handler file and metric label. */
  id: Id;
  kind: OperationKind;
  /** One sentence for the docs and the OpenAPI summary. */
  summary: string;
  input: I;
  output: O;
  /** Domain error codes this operation may answer besides the generic ones. */
  errors: readonly ErrorCode[];
  /** Permission of the role matrix the caller must hold. */
  permission: Permission;
  /** Tenant feature flag that gates it, if any. */
  flag?: FeatureFlag;
  /** Canonical events a successful call writes to the outbox. */
  emits: readonly EventName[];
  /** True when the output is a page `{ data, nextCursor }` that the SDK can iterate. */
  list?: boolean;
  /**
   * Where the operation comes from: the spec v1.0, OPERATIONS.md additions, or the project (an issue needs it and
   * neither document names one).
   */
  source: 'spec' | 'catalogue' | 'project';
};

/** Declares an operation; the literal types are kept so the SDK and backend can derive from them. */
export function defineOperation<const Id extends string, I extends z.ZodType, O extends z.ZodType>(
  spec: OperationSpec<Id, I, O>,
): OperationSpec<Id, I, O> {
  return Object.freeze(spec);
}

/**
 * Declares a group of operations keyed by ID; a key that differs from its operation's `id` is a type error.
 */
export function operationTable<const T extends { [K in keyof T]: OperationSpec<K & string> }>(table: T): T {
  return table;
}
