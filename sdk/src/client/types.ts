import type { OperationSpec } from '../contract/defineOperation';
import type { OperationId, OperationInput, OperationOutput } from '../operations/registry';
import type { ListCall } from './listCall';
import type { SleepFn } from './retry';

/** Supplies the bearer token; called before every attempt, so it may refresh an expiring token. */
export type TokenProvider = () => string | Promise<string>;

/** Options of `new PivotalClient(...)`. */
export type PivotalClientOptions = {
  /** Where the API lives, e.g. `https://api.pivotal.example` (operations are under `/v1/`). */
  baseUrl: string;
  /** A fixed bearer token (API key, embed token, access token). */
  token?: string;
  /** Supplies the bearer token per attempt; takes precedence over `token`. */
  getToken?: TokenProvider;
  /** The fetch implementation; defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /** Further attempts after a connection error, timeout, 429 or 5xx (not 501). Default 2. */
  maxRetries?: number;
  /** Per-attempt timeout in milliseconds. Default 30000. */
  timeoutMs?: number;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** @internal Replaces the wait between attempts (tests). */
  sleep?: SleepFn;
  /** @internal Replaces Math.random in the backoff jitter (tests). */
  random?: () => number;
  /** @internal Replaces the operation registry the methods are derived from (tests). */
  operations?: Readonly<Record<string, OperationSpec>>;
};

/** Options of one call. */
export type CallOptions = {
  /** Sent as `Idempotency-Key`; by default a mutation that may be retried gets a random one per call. */
  idempotencyKey?: string;
  /** Aborting it stops the call at once, without retrying; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
};

/** One page of a list operation. */
export type Page<T> = { data: T[]; nextCursor: string | null };

/** The item type of a list operation (its output is `{ data: T[], nextCursor }`), or never. */
export type ListItem<Id extends OperationId> =
  OperationOutput<Id> extends { data: Array<infer T>; nextCursor: string | null } ? T : never;

/** Arguments of an operation method: the input is optional when every field of it is. */
export type OperationArgs<Id extends OperationId> =
  Record<string, never> extends OperationInput<Id>
    ? [input?: OperationInput<Id>, options?: CallOptions]
    : [input: OperationInput<Id>, options?: CallOptions];

/** What calling an operation gives: a ListCall for list operations, otherwise a promise of `data`. */
export type OperationResult<Id extends OperationId> = [ListItem<Id>] extends [never]
  ? Promise<OperationOutput<Id>>
  : ListCall<ListItem<Id>>;

/** The SDK method of one operation. */
export type OperationMethod<Id extends OperationId> = (...args: OperationArgs<Id>) => OperationResult<Id>;
