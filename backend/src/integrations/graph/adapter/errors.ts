import { GraphError } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter } from './retry';

/** A Graph call that failed for good (after retries, or with a status that is not retried). */
export class GraphRequestError extends Error {
  readonly status: number;
  readonly code: string | null;
  readonly retryAfterMs: number | null;
  readonly attempts: number;
  constructor(status: number, code: string | null, message: string, retryAfterMs: number | null, attempts: number) {
    super(message);
    this.name = 'GraphRequestError';
    this.status = status;
    this.code = code;
    this.retryAfterMs = retryAfterMs;
    this.attempts = attempts;
  }
}

/** Normalises what the Graph client threw into status, code and Retry-After (status 0 for network failures). */
export function describeGraphFailure(error: unknown): {
  status: number;
  code: string | null;
  message: string;
  retryAfterMs: number | null;
} {
  if (error instanceof GraphError) {
    const header = error.headers?.get('retry-after') ?? null;
    return {
      status: error.statusCode,
      code: error.code,
      message: error.message,
      retryAfterMs: parseRetryAfter(header),
    };
  }
  return { status: 0, code: null, message: error instanceof Error ? error.message : String(error), retryAfterMs: null };
}

/** Whether a failure means the delta token is no longer valid (`410 Gone` / `syncStateNotFound`): restart the round. */
export function isSyncStateGone(error: unknown): boolean {
  return (
    error instanceof GraphRequestError &&
    (error.status === 410 || error.code === 'syncStateNotFound' || error.code === 'resyncRequired')
  );
}

/** Whether a failure is Graph saying the resource (message, folder, subscription) does not exist. */
export function isNotFound(error: unknown): boolean {
  return error instanceof GraphRequestError && error.status === 404;
}
