import type { ErrorCode } from '../contract/errors';

/** Brand shared by every copy of the SDK (ESM and CJS builds), so `isPivotalError` works across them. */
const brand = Symbol.for('@pivotal-pm/sdk/PivotalError');

/** Everything an error carries besides its message. */
export type PivotalErrorInit = {
  /** HTTP status, or 0 when no response arrived (network failure, timeout). */
  status: number;
  /** Machine-readable code from the error body (e.g. `not_found`), or an SDK code (`connection_error`). */
  code: ErrorCode | (string & {});
  /** The server's request id (body `requestId` or the `x-request-id` header), null without a response. */
  requestId: string | null;
  /** Extra data from the error body, e.g. the field issues of `validation_failed`. */
  details?: unknown;
  /** The response headers, when a response arrived. */
  headers?: Headers;
  /** The underlying error (network failure, JSON parse error...). */
  cause?: unknown;
};

/** Base class of every error the client throws for a failed call. */
export class PivotalError extends Error {
  readonly status: number;
  readonly code: ErrorCode | (string & {});
  readonly requestId: string | null;
  readonly details: unknown;
  readonly headers: Headers | undefined;

  constructor(message: string, init: PivotalErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'PivotalError';
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.details = init.details;
    this.headers = init.headers;
    Object.defineProperty(this, brand, { value: true });
  }
}

/** 400: the input did not validate (`validation_failed`, with field issues in `details`) or was malformed. */
export class ValidationError extends PivotalError {
  override name = 'ValidationError';
}
/** 401: the bearer token is missing, expired or invalid. */
export class AuthenticationError extends PivotalError {
  override name = 'AuthenticationError';
}
/** 403: the caller's roles lack the permission, or the tenant's feature flag is off. */
export class PermissionError extends PivotalError {
  override name = 'PermissionError';
}
/** 404: the record does not exist or is not visible to this tenant/caller. */
export class NotFoundError extends PivotalError {
  override name = 'NotFoundError';
}
/** 409: a state or version conflict, or an idempotency key reused with another body. */
export class ConflictError extends PivotalError {
  override name = 'ConflictError';
}
/** 422: a reference in the input points at nothing usable. */
export class UnprocessableError extends PivotalError {
  override name = 'UnprocessableError';
}

/** 429: too many requests; `retryAfterMs` is the server's hint (from `Retry-After`), if any. */
export class RateLimitError extends PivotalError {
  override name = 'RateLimitError';
  readonly retryAfterMs: number | null;

  constructor(message: string, init: PivotalErrorInit & { retryAfterMs: number | null }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** 5xx: the server failed; only the request id is disclosed. */
export class ServerError extends PivotalError {
  override name = 'ServerError';
}

/** No response arrived: DNS, connection refused, reset, CORS failure... (status 0). */
export class ConnectionError extends PivotalError {
  override name = 'ConnectionError';
  constructor(message: string, init: Omit<PivotalErrorInit, 'status' | 'code' | 'requestId'> & { code?: string }) {
    super(message, { ...init, status: 0, code: init.code ?? 'connection_error', requestId: null });
  }
}

/** The attempt exceeded `timeoutMs` (a kind of connection error, status 0). */
export class TimeoutError extends ConnectionError {
  override name = 'TimeoutError';
  constructor(message: string, init: Omit<PivotalErrorInit, 'status' | 'code' | 'requestId'> = {}) {
    super(message, { ...init, code: 'timeout' });
  }
}

/** True when `value` is an error thrown by a Pivotal client (any copy of the SDK). */
export function isPivotalError(value: unknown): value is PivotalError {
  return (
    value instanceof PivotalError ||
    (typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true)
  );
}

/** Builds the error class matching an HTTP status. */
export function errorForStatus(
  message: string,
  init: PivotalErrorInit & { retryAfterMs?: number | null },
): PivotalError {
  const { status } = init;
  if (status === 400) return new ValidationError(message, init);
  if (status === 401) return new AuthenticationError(message, init);
  if (status === 403) return new PermissionError(message, init);
  if (status === 404) return new NotFoundError(message, init);
  if (status === 409) return new ConflictError(message, init);
  if (status === 422) return new UnprocessableError(message, init);
  if (status === 429) return new RateLimitError(message, { ...init, retryAfterMs: init.retryAfterMs ?? null });
  if (status >= 500) return new ServerError(message, init);
  return new PivotalError(message, init);
}
